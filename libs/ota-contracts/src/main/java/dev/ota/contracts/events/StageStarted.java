package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** A rollout stage started with its cohort picked. */
public record StageStarted(
        UUID eventId, Instant occurredAt, UUID campaignId, int stage, int cohortSize, HealthCriteria criteria)
        implements CampaignEvent {

    public StageStarted {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.present(campaignId, "campaignId");
        Require.nonNegative(stage, "stage");
        Require.nonNegative(cohortSize, "cohortSize");
        criteria = criteria == null ? HealthCriteria.DEFAULT : criteria;
    }

    @Override
    public String key() {
        return campaignId.toString();
    }
}

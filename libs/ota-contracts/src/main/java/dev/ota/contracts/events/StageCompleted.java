package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** A rollout stage finished, with the verdict outcome that closed it. */
public record StageCompleted(UUID eventId, Instant occurredAt, UUID campaignId, int stage, String outcome)
        implements CampaignEvent {

    public StageCompleted {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.present(campaignId, "campaignId");
        Require.nonNegative(stage, "stage");
        Require.text(outcome, "outcome");
    }

    @Override
    public String key() {
        return campaignId.toString();
    }
}

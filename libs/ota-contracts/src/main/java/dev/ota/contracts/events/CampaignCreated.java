package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** A campaign was created as a draft. */
public record CampaignCreated(
        UUID eventId,
        Instant occurredAt,
        UUID campaignId,
        String name,
        String createdBy,
        int stageCount,
        String rollbackPolicy)
        implements CampaignEvent {

    public CampaignCreated {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.present(campaignId, "campaignId");
        Require.text(name, "name");
        Require.text(createdBy, "createdBy");
        Require.nonNegative(stageCount, "stageCount");
        rollbackPolicy = rollbackPolicy == null || rollbackPolicy.isBlank() ? "PAUSE_ONLY" : rollbackPolicy;
    }

    @Override
    public String key() {
        return campaignId.toString();
    }
}

package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** A campaign was created as a draft. */
public record CampaignCreated(
        UUID eventId, Instant occurredAt, UUID campaignId, String name, String createdBy, int stageCount)
        implements CampaignEvent {

    public CampaignCreated {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.present(campaignId, "campaignId");
        Require.text(name, "name");
        Require.text(createdBy, "createdBy");
        Require.nonNegative(stageCount, "stageCount");
    }

    @Override
    public String key() {
        return campaignId.toString();
    }
}

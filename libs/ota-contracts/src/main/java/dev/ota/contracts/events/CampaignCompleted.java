package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** Every stage of a campaign passed. */
public record CampaignCompleted(UUID eventId, Instant occurredAt, UUID campaignId, int stages)
        implements CampaignEvent {

    public CampaignCompleted {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.present(campaignId, "campaignId");
    }

    @Override
    public String key() {
        return campaignId.toString();
    }
}

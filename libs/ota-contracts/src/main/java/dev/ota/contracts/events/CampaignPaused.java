package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** Dispatch stopped: by an operator, or automatically on a failing verdict. */
public record CampaignPaused(
        UUID eventId, Instant occurredAt, UUID campaignId, int stage, String pausedBy, String reason)
        implements CampaignEvent {

    public CampaignPaused {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.present(campaignId, "campaignId");
        Require.text(pausedBy, "pausedBy");
        Require.text(reason, "reason");
    }

    @Override
    public String key() {
        return campaignId.toString();
    }
}

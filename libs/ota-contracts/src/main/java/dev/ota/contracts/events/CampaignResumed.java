package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** A paused campaign was resumed. */
public record CampaignResumed(
        UUID eventId, Instant occurredAt, UUID campaignId, int stage, String resumedBy, String reason)
        implements CampaignEvent {

    public CampaignResumed {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.present(campaignId, "campaignId");
        Require.text(resumedBy, "resumedBy");
        Require.text(reason, "reason");
    }

    @Override
    public String key() {
        return campaignId.toString();
    }
}

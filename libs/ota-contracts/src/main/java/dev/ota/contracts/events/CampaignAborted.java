package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** A campaign was aborted for good. */
public record CampaignAborted(UUID eventId, Instant occurredAt, UUID campaignId, String abortedBy, String reason)
        implements CampaignEvent {

    public CampaignAborted {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.present(campaignId, "campaignId");
        Require.text(abortedBy, "abortedBy");
        Require.text(reason, "reason");
    }

    @Override
    public String key() {
        return campaignId.toString();
    }
}

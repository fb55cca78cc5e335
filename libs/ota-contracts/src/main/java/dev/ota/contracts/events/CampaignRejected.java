package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** An approver sent the campaign back to its author (PENDING_APPROVAL -> DRAFT), always with a reason. */
public record CampaignRejected(UUID eventId, Instant occurredAt, UUID campaignId, String rejectedBy, String reason)
        implements CampaignEvent {

    public CampaignRejected {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.present(campaignId, "campaignId");
        Require.text(rejectedBy, "rejectedBy");
        Require.text(reason, "reason");
    }

    @Override
    public String key() {
        return campaignId.toString();
    }
}

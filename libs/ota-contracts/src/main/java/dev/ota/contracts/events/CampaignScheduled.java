package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** An approved campaign was scheduled to start by itself at {@code startAt} (APPROVED -> SCHEDULED). */
public record CampaignScheduled(UUID eventId, Instant occurredAt, UUID campaignId, String scheduledBy, Instant startAt)
        implements CampaignEvent {

    public CampaignScheduled {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.present(campaignId, "campaignId");
        Require.text(scheduledBy, "scheduledBy");
        Require.present(startAt, "startAt");
    }

    @Override
    public String key() {
        return campaignId.toString();
    }
}

package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** A draft was submitted for approval (DRAFT -> PENDING_APPROVAL). The submit call takes no reason. */
public record CampaignSubmitted(UUID eventId, Instant occurredAt, UUID campaignId, String submittedBy)
        implements CampaignEvent {

    public CampaignSubmitted {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.present(campaignId, "campaignId");
        Require.text(submittedBy, "submittedBy");
    }

    @Override
    public String key() {
        return campaignId.toString();
    }
}

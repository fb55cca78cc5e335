package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** A second person approved the campaign (four-eyes). */
public record CampaignApproved(UUID eventId, Instant occurredAt, UUID campaignId, String approvedBy, String remark)
        implements CampaignEvent {

    public CampaignApproved {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.present(campaignId, "campaignId");
        Require.text(approvedBy, "approvedBy");
        remark = remark == null ? "" : remark;
    }

    @Override
    public String key() {
        return campaignId.toString();
    }
}

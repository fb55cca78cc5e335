package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The campaign ended as ROLLED_BACK (RUNNING | PAUSED -> ROLLED_BACK) after the rollback service reported its rollback
 * complete. {@link RollbackCompleted} is the rollback service's own account; this is the campaign's state change.
 */
public record CampaignRolledBack(UUID eventId, Instant occurredAt, UUID campaignId, String rolledBackBy, String reason)
        implements CampaignEvent {

    public CampaignRolledBack {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.present(campaignId, "campaignId");
        Require.text(rolledBackBy, "rolledBackBy");
        Require.text(reason, "reason");
    }

    @Override
    public String key() {
        return campaignId.toString();
    }
}

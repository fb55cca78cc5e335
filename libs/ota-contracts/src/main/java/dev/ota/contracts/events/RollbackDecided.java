package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The rollback service decided to pause and (under policy) roll back part of a campaign. */
public record RollbackDecided(
        UUID eventId,
        Instant occurredAt,
        UUID campaignId,
        int stage,
        String policy,
        @Nullable String cohort,
        int vehicles,
        String reason)
        implements RollbackEvent {

    public RollbackDecided {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.present(campaignId, "campaignId");
        Require.text(policy, "policy");
        Require.nonNegative(vehicles, "vehicles");
        Require.text(reason, "reason");
    }

    @Override
    public String key() {
        return campaignId.toString();
    }
}

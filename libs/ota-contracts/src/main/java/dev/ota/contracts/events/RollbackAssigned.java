package dev.ota.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A vehicle was told to go back to a pre-validated version, re-released under a newer release counter.
 *
 * @param seal rollback-service's signature over the assignment; the director signs nothing for an assignment without a
 *     valid one (null only before it is sealed)
 */
public record RollbackAssigned(
        UUID eventId,
        Instant occurredAt,
        String vin,
        UUID assignmentId,
        UUID campaignId,
        List<EcuTarget> targets,
        String reason,
        @Nullable AssignmentSeal seal)
        implements AssignmentEvent {

    /** An assignment not sealed yet. */
    public RollbackAssigned(
            UUID eventId,
            Instant occurredAt,
            String vin,
            UUID assignmentId,
            UUID campaignId,
            List<EcuTarget> targets,
            String reason) {
        this(eventId, occurredAt, vin, assignmentId, campaignId, targets, reason, null);
    }

    /** The same assignment with this seal. */
    public RollbackAssigned sealed(AssignmentSeal seal) {
        return new RollbackAssigned(eventId, occurredAt, vin, assignmentId, campaignId, targets, reason, seal);
    }

    public RollbackAssigned {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(vin, "vin");
        Require.present(assignmentId, "assignmentId");
        Require.present(campaignId, "campaignId");
        targets = Require.list(targets);
        Require.text(reason, "reason");
    }

    @Override
    public String key() {
        return vin;
    }
}

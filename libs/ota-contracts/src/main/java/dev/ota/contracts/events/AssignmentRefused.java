package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The director refused an assignment and signed nothing for it: its seal was missing, not from a trusted signer, or
 * did not match what the assignment asks to install. Recorded so the audit log shows the attempt, not only its absence.
 *
 * @param sourceEventId the refused assignment's event id
 * @param assignmentType the refused assignment's wire type
 */
public record AssignmentRefused(
        UUID eventId,
        Instant occurredAt,
        String vin,
        UUID assignmentId,
        @Nullable UUID campaignId,
        UUID sourceEventId,
        String assignmentType,
        String reason)
        implements DirectorEvent {

    public AssignmentRefused {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(vin, "vin");
        Require.present(assignmentId, "assignmentId");
        Require.present(sourceEventId, "sourceEventId");
        Require.text(assignmentType, "assignmentType");
        Require.text(reason, "reason");
    }

    @Override
    public String key() {
        return vin;
    }
}

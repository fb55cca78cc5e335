package dev.ota.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A vehicle was told to go back to a pre-validated version, re-released under a newer release counter. */
public record RollbackAssigned(
        UUID eventId,
        Instant occurredAt,
        String vin,
        UUID assignmentId,
        UUID campaignId,
        List<EcuTarget> targets,
        String reason)
        implements AssignmentEvent {

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

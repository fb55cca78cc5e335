package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** The driver answered (or ignored) a consent request. */
public record ConsentAnswered(UUID eventId, Instant occurredAt, String vin, UUID assignmentId, ConsentDecision decision)
        implements VehicleReport {

    public ConsentAnswered {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(vin, "vin");
        Require.present(assignmentId, "assignmentId");
        Require.present(decision, "decision");
    }

    @Override
    public String key() {
        return vin;
    }
}

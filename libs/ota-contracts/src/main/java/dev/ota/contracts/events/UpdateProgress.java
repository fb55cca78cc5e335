package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A step of an install on a vehicle, or its end with a reason. */
public record UpdateProgress(
        UUID eventId,
        Instant occurredAt,
        String vin,
        UUID assignmentId,
        @Nullable String ecuSerial,
        InstallPhase phase,
        @Nullable String reason)
        implements VehicleReport {

    public UpdateProgress {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(vin, "vin");
        Require.present(assignmentId, "assignmentId");
        Require.present(phase, "phase");
    }

    @Override
    public String key() {
        return vin;
    }
}

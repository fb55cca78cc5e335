package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** How an ECU behaves after an update: boot, application start, and diagnostic trouble codes against the pre-update baseline. */
public record HealthBeacon(
        UUID eventId,
        Instant occurredAt,
        String vin,
        UUID assignmentId,
        String ecuSerial,
        String hardwareId,
        boolean bootOk,
        boolean appStarted,
        int dtcDelta,
        Instant measuredAt)
        implements HealthEvent {

    public HealthBeacon {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(vin, "vin");
        Require.present(assignmentId, "assignmentId");
        Require.text(ecuSerial, "ecuSerial");
        Require.text(hardwareId, "hardwareId");
        Require.present(measuredAt, "measuredAt");
    }

    @Override
    public String key() {
        return vin;
    }
}

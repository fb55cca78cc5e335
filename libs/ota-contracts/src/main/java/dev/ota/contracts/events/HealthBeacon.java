package dev.ota.contracts.events;

import dev.ota.contracts.MalformedEventException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * How an ECU behaves after an update: boot, application start, diagnostic trouble codes against the pre-update
 * baseline, and the named applications it runs with their health.
 *
 * @param applications at most {@value #MAX_APPLICATIONS} application checks, each name once; empty when the ECU
 *     reports none (beacons written before application checks existed)
 */
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
        Instant measuredAt,
        List<ApplicationCheck> applications)
        implements HealthEvent {

    /** The most application checks one beacon may carry. */
    public static final int MAX_APPLICATIONS = 32;

    public HealthBeacon {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(vin, "vin");
        Require.present(assignmentId, "assignmentId");
        Require.text(ecuSerial, "ecuSerial");
        Require.text(hardwareId, "hardwareId");
        Require.present(measuredAt, "measuredAt");
        applications = checked(applications);
    }

    /** A beacon without application checks. */
    public HealthBeacon(
            UUID eventId,
            Instant occurredAt,
            String vin,
            UUID assignmentId,
            String ecuSerial,
            String hardwareId,
            boolean bootOk,
            boolean appStarted,
            int dtcDelta,
            Instant measuredAt) {
        this(
                eventId,
                occurredAt,
                vin,
                assignmentId,
                ecuSerial,
                hardwareId,
                bootOk,
                appStarted,
                dtcDelta,
                measuredAt,
                List.of());
    }

    private static List<ApplicationCheck> checked(@Nullable List<ApplicationCheck> applications) {
        if (applications == null) {
            return List.of();
        }
        if (applications.size() > MAX_APPLICATIONS) {
            throw new MalformedEventException(applications.size() + " application checks exceed the limit of "
                    + MAX_APPLICATIONS + " per beacon");
        }
        Set<String> names = new HashSet<>();
        for (ApplicationCheck check : applications) {
            if (check == null) {
                throw new MalformedEventException("an application check must not be null");
            }
            if (!names.add(check.name())) {
                throw new MalformedEventException("application " + check.name() + " is checked twice in one beacon");
            }
        }
        return List.copyOf(applications);
    }

    @Override
    public String key() {
        return vin;
    }
}

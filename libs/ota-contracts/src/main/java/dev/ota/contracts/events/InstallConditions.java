package dev.ota.contracts.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Preconditions the vehicle enforces before installing (UNECE R156 7.2.2: enough power, safe state).
 *
 * @param requireParked install only while parked
 * @param minBatteryPercent install only at or above this charge
 * @param consentRequired ask the driver first
 * @param notAfter give up (and report) if not installed by then
 */
public record InstallConditions(
        boolean requireParked,
        int minBatteryPercent,
        boolean consentRequired,
        @Nullable Instant notAfter) {

    public static final InstallConditions NONE = new InstallConditions(false, 0, false, null);

    public InstallConditions {
        if (minBatteryPercent < 0 || minBatteryPercent > 100) {
            throw new dev.ota.contracts.MalformedEventException("minBatteryPercent must be within 0..100");
        }
    }
}

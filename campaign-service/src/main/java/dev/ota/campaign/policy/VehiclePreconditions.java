package dev.ota.campaign.policy;

import dev.ota.contracts.events.InstallConditions;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the vehicle itself must check before installing (UNECE R156 7.2.2: safe state, enough energy), and whether the
 * driver must consent. They travel with the assignment as {@link InstallConditions}; the vehicle enforces them.
 *
 * @param requireParked install only while parked
 * @param minBatteryPercent install only at or above this state of charge
 * @param consentRequired ask the driver first
 * @param consentTimeout how long the driver has to answer (the vehicle times its prompt out after it); no answer ends
 *     the vehicle's install as CONSENT_TIMED_OUT, never as a failure of the release
 */
public record VehiclePreconditions(
        boolean requireParked,
        int minBatteryPercent,
        boolean consentRequired,
        @Nullable Duration consentTimeout) {

    public static final VehiclePreconditions NONE = new VehiclePreconditions(false, 0, false, null);

    public VehiclePreconditions {
        if (minBatteryPercent < 0 || minBatteryPercent > 100) {
            throw new IllegalArgumentException("preconditions.minBatteryPercent must be within 0..100");
        }
        if (consentTimeout != null && (consentTimeout.isNegative() || consentTimeout.isZero())) {
            throw new IllegalArgumentException("preconditions.consentTimeout must be positive");
        }
    }

    /**
     * The conditions for one assignment made now: {@code notAfter} is the consent deadline when consent is asked, and
     * the consent timeout travels too, so the vehicle gives its driver exactly that long to answer.
     */
    public InstallConditions forAssignment(Instant now, @Nullable GeofencePolicy geofence) {
        Instant notAfter = consentRequired && consentTimeout != null ? now.plus(consentTimeout) : null;
        return new InstallConditions(
                requireParked,
                minBatteryPercent,
                consentRequired,
                notAfter,
                consentRequired ? consentTimeout : null,
                geofence == null ? null : geofence.signed(),
                java.util.List.of());
    }
}

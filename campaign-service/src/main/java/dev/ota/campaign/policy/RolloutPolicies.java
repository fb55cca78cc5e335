package dev.ota.campaign.policy;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The policies a campaign rolls out under.
 *
 * @param rateLimit how fast vehicles are notified
 * @param maintenanceWindow when vehicles may be offered the update, in their local time; null for any time
 * @param geofence where vehicles may be offered the update; null for anywhere
 * @param preconditions what the vehicle checks before installing, and driver consent
 * @param vehicleTimeout how long a vehicle may go without progress before it counts as failed
 * @param retry how transient failures are retried
 */
public record RolloutPolicies(
        ExponentialRampRateLimit rateLimit,
        @Nullable MaintenanceWindowPolicy maintenanceWindow,
        @Nullable GeofencePolicy geofence,
        VehiclePreconditions preconditions,
        Duration vehicleTimeout,
        RetryPolicy retry) {

    public static final RolloutPolicies DEFAULT = new RolloutPolicies(
            ExponentialRampRateLimit.flat(1000),
            null,
            null,
            VehiclePreconditions.NONE,
            Duration.ofHours(24),
            RetryPolicy.NONE);

    public RolloutPolicies {
        rateLimit = rateLimit == null ? ExponentialRampRateLimit.flat(1000) : rateLimit;
        preconditions = preconditions == null ? VehiclePreconditions.NONE : preconditions;
        vehicleTimeout = vehicleTimeout == null ? Duration.ofHours(24) : vehicleTimeout;
        retry = retry == null ? RetryPolicy.NONE : retry;
        if (vehicleTimeout.isNegative() || vehicleTimeout.isZero()) {
            throw new IllegalArgumentException("vehicleTimeout must be positive");
        }
    }
}

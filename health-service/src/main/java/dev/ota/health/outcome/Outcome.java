package dev.ota.health.outcome;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one assignment at a point in time.
 *
 * @param rebootedAt when the vehicle first showed it runs the update (soak starts); the earliest report wins
 */
record Outcome(
        OutcomeState state,
        @Nullable FailureReason reasonCode,
        @Nullable String reason,
        @Nullable String failedHardwareId,
        @Nullable Instant rebootedAt) {

    static final Outcome ASSIGNED = new Outcome(OutcomeState.ASSIGNED, null, null, null, null);

    Outcome failed(FailureReason code, String why, @Nullable String hardwareId) {
        return new Outcome(OutcomeState.UNHEALTHY, code, why, hardwareId, rebootedAt);
    }
}

package dev.ota.health.outcome;

import dev.ota.health.outcome.Signal.BeaconSeen;
import dev.ota.health.outcome.Signal.Progressed;
import dev.ota.health.outcome.Signal.Soaked;
import dev.ota.health.outcome.Signal.TimedOut;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The outcome state machine. Every transition moves forward or not at all, and a final state absorbs everything, so
 * applying the same signals twice or in another order ends in the same state: that is what makes redelivered and late
 * reports harmless. A beacon implies the vehicle rebooted, even when its progress report is still on the way. The
 * installer saying SUCCEEDED is not success: it only starts the soak.
 */
final class OutcomeTransitions {

    private OutcomeTransitions() {}

    static Outcome apply(Outcome current, Signal signal) {
        if (current.state().isFinal()) {
            return current;
        }
        return switch (signal) {
            case Progressed p -> progressed(current, p);
            case BeaconSeen b -> {
                Outcome rebooted = advance(current, OutcomeState.REBOOTED, b.measuredAt());
                yield b.failure() == null ? rebooted : rebooted.failed(b.failure(), b.detail(), b.hardwareId());
            }
            case Soaked s ->
                current.state() == OutcomeState.REBOOTED
                        ? new Outcome(OutcomeState.HEALTHY, null, null, null, current.rebootedAt())
                        : current;
            case Signal.Cancelled c ->
                current.state().isBefore(OutcomeState.REBOOTED)
                        ? new Outcome(OutcomeState.CANCELLED, null, c.reason(), null, null)
                        : current;
            case TimedOut t -> new Outcome(OutcomeState.TIMED_OUT, t.reason(), t.detail(), null, current.rebootedAt());
        };
    }

    private static Outcome progressed(Outcome current, Progressed p) {
        String why = p.reason() == null ? p.phase().name().toLowerCase(java.util.Locale.ROOT) : p.reason();
        return switch (p.phase()) {
            case RECEIVED, AWAITING_CONSENT -> current;
            case DOWNLOADING, VERIFIED -> advance(current, OutcomeState.DOWNLOADING, p.at());
            case INSTALLING, INSTALLED, REBOOTING -> advance(current, OutcomeState.INSTALLED, p.at());
            case SUCCEEDED -> advance(current, OutcomeState.REBOOTED, p.at());
            case FAILED -> current.failed(FailureReason.INSTALL_FAILED, why, p.hardwareId());
            case REVERTED -> current.failed(FailureReason.REVERTED, why, p.hardwareId());
            case REJECTED ->
                new Outcome(OutcomeState.REJECTED, FailureReason.REJECTED, why, null, current.rebootedAt());
        };
    }

    private static Outcome advance(Outcome current, OutcomeState target, Instant at) {
        @Nullable Instant rebootedAt = current.rebootedAt();
        if (target == OutcomeState.REBOOTED && (rebootedAt == null || at.isBefore(rebootedAt))) {
            rebootedAt = at;
        }
        OutcomeState state = current.state().isBefore(target) ? target : current.state();
        return new Outcome(state, current.reasonCode(), current.reason(), current.failedHardwareId(), rebootedAt);
    }
}

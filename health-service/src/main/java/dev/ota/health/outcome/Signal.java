package dev.ota.health.outcome;

import dev.ota.contracts.events.InstallPhase;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Something that happened to an assignment. */
sealed interface Signal {

    /** The vehicle reported an install phase; {@code hardwareId} is the ECU's, when the report names one. */
    record Progressed(
            InstallPhase phase,
            @Nullable String reason,
            @Nullable String hardwareId,
            Instant at) implements Signal {}

    /** A health beacon; {@code failure} is null when it shows boot, application start and DTCs within limit. */
    record BeaconSeen(String hardwareId, @Nullable FailureReason failure, String detail, Instant measuredAt)
            implements Signal {}

    /** The soak time passed with every ECU confirmed healthy. */
    record Soaked() implements Signal {}

    /** The campaign withdrew the assignment; effective only before the vehicle runs the update. */
    record Cancelled(String reason) implements Signal {}

    /** The vehicle did not get far enough in time. */
    record TimedOut(FailureReason reason, String detail) implements Signal {}
}

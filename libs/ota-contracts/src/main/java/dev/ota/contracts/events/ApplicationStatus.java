package dev.ota.contracts.events;

/** How one of a vehicle's applications is doing, as the ECU running it reports it in a health beacon. */
public enum ApplicationStatus {
    /** Running and doing its job. */
    UP,
    /** Running with reduced function (a sensor missing, a service slow); counted and shown, not a failure. */
    DEGRADED,
    /** Not running or not doing its job: a failure when the stage's criteria require the application. */
    DOWN
}

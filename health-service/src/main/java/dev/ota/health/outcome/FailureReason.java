package dev.ota.health.outcome;

/** Why an assignment did not end healthy. */
enum FailureReason {
    BOOT_FAILED,
    APP_NOT_STARTED,
    DTC_LIMIT_EXCEEDED,
    INSTALL_FAILED,
    REVERTED,
    REJECTED,
    INSTALL_TIMEOUT,
    NO_HEALTH_CONFIRMATION
}

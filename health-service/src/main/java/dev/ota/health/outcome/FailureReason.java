package dev.ota.health.outcome;

/** Why an assignment did not end healthy. */
enum FailureReason {
    BOOT_FAILED,
    APP_NOT_STARTED,
    /** An application the stage's criteria require UP reported DOWN. */
    APPLICATION_DOWN,
    DTC_LIMIT_EXCEEDED,
    INSTALL_FAILED,
    REVERTED,
    REJECTED,
    INSTALL_TIMEOUT,
    NO_HEALTH_CONFIRMATION
}

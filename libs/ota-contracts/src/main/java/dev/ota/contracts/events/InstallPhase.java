package dev.ota.contracts.events;

/** Steps of an install as a vehicle reports them. The last four end the install. */
public enum InstallPhase {
    RECEIVED,
    AWAITING_CONSENT,
    DOWNLOADING,
    VERIFIED,
    INSTALLING,
    INSTALLED,
    REBOOTING,
    SUCCEEDED,
    FAILED,
    REJECTED,
    REVERTED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == REJECTED || this == REVERTED;
    }
}

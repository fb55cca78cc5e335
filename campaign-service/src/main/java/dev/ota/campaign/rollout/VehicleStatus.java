package dev.ota.campaign.rollout;

/** Where one vehicle of a campaign is. */
public enum VehicleStatus {
    /** In a stage's cohort, not yet assigned (or waiting for a retry, a window, a geofence). */
    PENDING,
    /** UpdateAssigned sent; no progress yet. */
    ASSIGNED,
    IN_PROGRESS,
    SUCCEEDED,
    FAILED,
    /** No progress within the campaign's vehicle timeout, retries used up. */
    TIMED_OUT,
    /** The driver declined. */
    DECLINED,
    /**
     * Nobody answered the consent request within the campaign's consent timeout: the driver's choice, counted per stage,
     * never a failure of the release.
     */
    CONSENT_TIMED_OUT,
    /**
     * The vehicle gave up when its install window closed because a condition it checks itself (parked, battery,
     * geofence) stayed unmet: the update never ran, so it is not a failure of the release.
     */
    CONDITIONS_NOT_MET,
    /** Refused by the compatibility check; never assigned. */
    INCOMPATIBLE,
    /** Already runs the bundle. */
    ALREADY_CURRENT,
    /** Withdrawn (campaign aborted). */
    CANCELLED,
    /**
     * The platform could not serve the update (the vehicle named the platform as the cause, see {@code PlatformFault})
     * and the campaign's retries are used up: the vehicle did not update, but this is not the release's failure.
     */
    PLATFORM_FAULT;

    public boolean isOpen() {
        return this == ASSIGNED || this == IN_PROGRESS;
    }

    /** Whether the vehicle's outcome is still to come: not yet assigned (or waiting for a retry), or installing. */
    public boolean awaitsOutcome() {
        return this == PENDING || isOpen();
    }

    /** Whether the vehicle ended without the update, for whatever reason. */
    public boolean didNotUpdate() {
        return !awaitsOutcome() && this != SUCCEEDED && this != ALREADY_CURRENT;
    }
}

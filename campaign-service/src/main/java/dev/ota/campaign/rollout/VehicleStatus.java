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
    /** The driver declined, or did not answer in time. */
    DECLINED,
    /** Refused by the compatibility check; never assigned. */
    INCOMPATIBLE,
    /** Already runs the bundle. */
    ALREADY_CURRENT,
    /** Withdrawn (campaign aborted). */
    CANCELLED;

    public boolean isOpen() {
        return this == ASSIGNED || this == IN_PROGRESS;
    }
}

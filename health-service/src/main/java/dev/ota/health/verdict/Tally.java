package dev.ota.health.verdict;

/**
 * The counters of one cohort of one stage.
 *
 * @param assigned vehicles assigned the update
 * @param soaking vehicles that rebooted into the update and have not failed yet, but have not soaked long enough
 * @param healthy vehicles confirmed healthy after the soak time
 * @param unhealthy vehicles that failed (boot, application start, DTCs, install, revert), attributed to this cohort
 * @param timedOut vehicles that never confirmed in time, attributed to this cohort
 * @param rejected vehicles that refused the update; it never ran, so it says nothing about the image's health
 * @param unattributed vehicles of this cohort that failed because of an ECU outside it (another hardware id)
 */
record Tally(
        long assigned, long soaking, long healthy, long unhealthy, long timedOut, long rejected, long unattributed) {

    static final Tally EMPTY = new Tally(0, 0, 0, 0, 0, 0, 0);

    long failures() {
        return unhealthy + timedOut;
    }

    /** Vehicles with a final outcome. */
    long finished() {
        return healthy + failures() + rejected + unattributed;
    }

    /** Every assigned vehicle has a final outcome. */
    boolean allFinished() {
        return finished() >= assigned;
    }

    Tally plus(Tally delta) {
        return new Tally(
                assigned + delta.assigned,
                soaking + delta.soaking,
                healthy + delta.healthy,
                unhealthy + delta.unhealthy,
                timedOut + delta.timedOut,
                rejected + delta.rejected,
                unattributed + delta.unattributed);
    }

    Tally minus(Tally other) {
        return new Tally(
                assigned - other.assigned,
                soaking - other.soaking,
                healthy - other.healthy,
                unhealthy - other.unhealthy,
                timedOut - other.timedOut,
                rejected - other.rejected,
                unattributed - other.unattributed);
    }

    boolean isZero() {
        return equals(EMPTY);
    }
}

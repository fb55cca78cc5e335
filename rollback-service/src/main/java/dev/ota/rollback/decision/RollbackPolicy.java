package dev.ota.rollback.decision;

import java.util.Locale;

/** What a campaign wants done when one of its stages fails, beyond pausing (which always happens first). */
public enum RollbackPolicy {
    /** Pause and let people decide. */
    PAUSE_ONLY,
    /** Roll back the vehicles of the stage whose update failed. */
    ROLLBACK_FAILED_VEHICLES,
    /** Roll back every vehicle of the stage in the failing cohort (a hardware id, a model, or all). */
    ROLLBACK_COHORT,
    /** Roll back every vehicle of the stage. */
    ROLLBACK_STAGE;

    /** Reads a policy name; an unknown or missing name falls back to the safest, pausing only. */
    static RollbackPolicy parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return PAUSE_ONLY;
        }
    }

    /** The vehicles this policy rolls back when the given cohort failed. */
    RollbackScope scopeFor(String failedCohort) {
        return switch (this) {
            case PAUSE_ONLY -> new RollbackScope.NoVehicles();
            case ROLLBACK_FAILED_VEHICLES -> new RollbackScope.FailedVehicles();
            case ROLLBACK_COHORT -> new RollbackScope.Cohort(failedCohort);
            case ROLLBACK_STAGE -> new RollbackScope.WholeStage();
        };
    }
}

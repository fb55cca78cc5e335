package dev.ota.health.verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An assignment as the counters see it, before or after one transition. Only update assignments of a known campaign
 * stage count; rollback assignments and reports whose assignment has not arrived yet count nowhere.
 *
 * @param failedHardwareId the hardware id of the ECU that failed, when the failure is attributable to one
 * @param reasonCode why it failed, for failures by reason
 */
public record OutcomeSnapshot(
        @Nullable UUID campaignId,
        @Nullable Integer stage,
        @Nullable String vehicleModel,
        List<String> hardwareIds,
        Standing standing,
        @Nullable String failedHardwareId,
        @Nullable String reasonCode) {

    public static final String ALL = "all";

    public OutcomeSnapshot {
        hardwareIds = List.copyOf(hardwareIds);
    }

    boolean counts() {
        return campaignId != null && stage != null;
    }

    /** "all", "hw:&lt;id&gt;" per distinct hardware id, and "model:&lt;name&gt;". */
    List<String> cohorts() {
        if (!counts()) {
            return List.of();
        }
        List<String> cohorts = new ArrayList<>();
        cohorts.add(ALL);
        for (String hardwareId : new TreeSet<>(hardwareIds)) {
            cohorts.add("hw:" + hardwareId);
        }
        if (vehicleModel != null && !vehicleModel.isBlank()) {
            cohorts.add("model:" + vehicleModel);
        }
        return cohorts;
    }

    /** What this snapshot adds to one cohort's counters. */
    Tally contribution(String cohort) {
        if (!counts() || !cohorts().contains(cohort)) {
            return Tally.EMPTY;
        }
        boolean attributed =
                failedHardwareId == null || !cohort.startsWith("hw:") || cohort.equals("hw:" + failedHardwareId);
        return switch (standing) {
            case IN_FLIGHT -> new Tally(1, 0, 0, 0, 0, 0, 0);
            case SOAKING -> new Tally(1, 1, 0, 0, 0, 0, 0);
            case HEALTHY -> new Tally(1, 0, 1, 0, 0, 0, 0);
            case UNHEALTHY -> attributed ? new Tally(1, 0, 0, 1, 0, 0, 0) : new Tally(1, 0, 0, 0, 0, 0, 1);
            case TIMED_OUT -> attributed ? new Tally(1, 0, 0, 0, 1, 0, 0) : new Tally(1, 0, 0, 0, 0, 0, 1);
            case REJECTED -> new Tally(1, 0, 0, 0, 0, 1, 0);
        };
    }
}

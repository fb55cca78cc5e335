package dev.ota.campaign.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A stage with its vehicle counts by status, how many vehicles' outcomes it still waits for, and which vehicles did
 * not update and why.
 *
 * @param awaitingOutcome vehicles of the stage whose outcome is still to come (pending, waiting for a retry, assigned,
 *     installing): the stage does not pass while there are any
 * @param notUpdated the stage's vehicles that ended without the update (or wait for a retry after a failure), grouped
 *     by status and reason, most frequent first (at most {@value RolloutStore#NOT_UPDATED_REASONS} groups)
 * @param review why the stage held the campaign (its verdict did not see every failure the campaign recorded), if it
 *     did
 */
public record StageView(
        int stage,
        int planned,
        StageState state,
        @Nullable Instant startedAt,
        @Nullable Instant dispatchedAt,
        @Nullable String verdict,
        @Nullable String verdictDetail,
        @Nullable Instant completedAt,
        Map<VehicleStatus, Long> vehicles,
        long awaitingOutcome,
        List<NotUpdated> notUpdated,
        @Nullable String review) {

    /** Vehicles of a stage with the same status and reason that did not update (yet). */
    public record NotUpdated(VehicleStatus status, @Nullable String reason, long vehicles) {}

    /** E.g. {@code 3 of 10 vehicles did not update (PLATFORM_FAULT 2, TIMED_OUT 1)}, or empty when all did. */
    String didNotUpdate() {
        Map<VehicleStatus, Long> missing = vehicles.entrySet().stream()
                .filter(e -> e.getKey().didNotUpdate() && e.getValue() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        if (missing.isEmpty()) {
            return "";
        }
        long total = vehicles.values().stream().mapToLong(Long::longValue).sum();
        return missing.values().stream().mapToLong(Long::longValue).sum() + " of " + total
                + " vehicles did not update ("
                + missing.entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", "))
                + ")";
    }
}

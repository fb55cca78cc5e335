package dev.ota.campaign.rollout;

import org.jspecify.annotations.Nullable;

/**
 * Whether a stage whose health verdict passed (and which has soaked) may close as PASSED, judged on the campaign's own
 * record of its vehicles. The health verdict is computed from what the health service saw; a stage closes only when
 * the campaign knows every vehicle's outcome too (or the vehicle timed out), and when the verdict saw at least the
 * failures the campaign recorded. Otherwise the verdict was given on a partial view.
 */
sealed interface StageReadiness {

    /** The stage may pass; {@code didNotUpdate} says how many of its vehicles did not update and why (or is empty). */
    record Ready(String didNotUpdate) implements StageReadiness {}

    /** Some vehicles' outcomes are still to come (pending, waiting for a retry, assigned, installing). */
    record Waits(long vehicles) implements StageReadiness {}

    /**
     * The campaign recorded more failures in the stage than the passing verdict counted: the stage does not pass, and
     * the campaign is paused for a person to look at it.
     */
    record Contradicted(long recordedFailures, String review) implements StageReadiness {}

    /**
     * @param counts what the stage's passing verdict counted and how many failures a person accepted by resuming; null
     *     for a verdict recorded before the counts were kept
     * @param recordedFailures the failures of the release the campaign recorded in the stage
     */
    static StageReadiness of(StageView stage, RolloutStore.@Nullable VerdictCounts counts, long recordedFailures) {
        if (stage.awaitingOutcome() > 0) {
            return new Waits(stage.awaitingOutcome());
        }
        if (counts != null && recordedFailures > counts.failures() && recordedFailures > counts.acceptedFailures()) {
            return new Contradicted(
                    recordedFailures,
                    ("stage %d: its PASS verdict counted %d failures in %d samples, but the campaign recorded %d failed"
                                    + " or timed-out vehicles; the verdict did not see them all")
                            .formatted(stage.stage(), counts.failures(), counts.samples(), recordedFailures));
        }
        return new Ready(stage.didNotUpdate());
    }
}

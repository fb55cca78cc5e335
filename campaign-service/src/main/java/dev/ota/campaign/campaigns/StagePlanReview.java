package dev.ota.campaign.campaigns;

import dev.ota.contracts.events.HealthCriteria;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * What a campaign's stages can prove with its health criteria, for the fleet its target matches now: a stage smaller
 * than the criteria's {@linkplain HealthCriteria#smallestPassingStage() smallest passing stage} can never PASS, only
 * end INSUFFICIENT_DATA and wait for a person to advance it by hand. Shown before a campaign is created and to its
 * approver, so that nobody learns it from a stalled rollout.
 *
 * @param targeted the vehicles the target matches now (the rollout counts again when it starts)
 * @param smallestPassingStage the fewest vehicles a stage needs to be able to pass; null when the criteria allow no
 *     failure at all, which no sample can prove
 * @param stages each stage's size in the plan, as the rollout splits the fleet
 * @param warnings what will not go as planned, in words; empty when every stage can pass
 */
public record StagePlanReview(
        long targeted, @Nullable Integer smallestPassingStage, List<StageReview> stages, List<String> warnings) {

    /**
     * @param stage 1-based
     * @param vehicles the vehicles this stage adds
     * @param upperBoundWithNoFailure the failure-rate bound this stage reaches if none of its vehicles fails
     * @param canPass whether the stage is large enough to pass
     */
    public record StageReview(int stage, int vehicles, double upperBoundWithNoFailure, boolean canPass) {}

    public StagePlanReview {
        stages = List.copyOf(stages);
        warnings = List.copyOf(warnings);
    }

    /** Reviews the plan against {@code targeted} vehicles. */
    public static StagePlanReview of(List<StagePlan> plan, HealthCriteria criteria, long targeted) {
        int total = (int) Math.min(Integer.MAX_VALUE, targeted);
        OptionalInt smallest = criteria.smallestPassingStage();
        List<StageReview> stages = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (total == 0) {
            warnings.add("the target matches no registered vehicle now");
        }
        if (smallest.isEmpty()) {
            warnings.add("a maxFailureRate of 0 can never be proven: every stage will end INSUFFICIENT_DATA (or FAIL)"
                    + " and wait for a person to advance it");
        }
        List<Integer> sizes = StagePlan.split(plan, total);
        for (int i = 0; i < sizes.size(); i++) {
            int vehicles = sizes.get(i);
            double bound = vehicles == 0 ? 1 : criteria.upperBoundWithNoFailure(vehicles);
            boolean canPass = smallest.isPresent() && vehicles >= smallest.getAsInt();
            stages.add(new StageReview(i + 1, vehicles, bound, canPass));
            if (total > 0 && vehicles == 0) {
                warnings.add("stage " + (i + 1) + " gets no vehicle: the stages before it take all " + total);
            } else if (vehicles > 0 && !canPass && smallest.isPresent()) {
                warnings.add(cannotPass(i + 1, vehicles, bound, criteria, smallest.getAsInt()));
            }
        }
        return new StagePlanReview(targeted, smallest.isPresent() ? smallest.getAsInt() : null, stages, warnings);
    }

    private static String cannotPass(int stage, int vehicles, double bound, HealthCriteria criteria, int smallest) {
        String why = vehicles < criteria.minSamples() && smallest == criteria.minSamples()
                ? "fewer than the criteria's minSamples of " + criteria.minSamples()
                : String.format(
                        Locale.ROOT,
                        "with no failure among %d, the %s upper bound of the failure rate is %s, above the %s allowed",
                        vehicles,
                        percent(criteria.confidence()),
                        percent(bound),
                        percent(criteria.maxFailureRate()));
        return "stage " + stage + " (" + vehicles + (vehicles == 1 ? " vehicle" : " vehicles") + ") cannot PASS: " + why
                + "; a stage needs at least " + smallest
                + ". It will end INSUFFICIENT_DATA and wait for a person to advance it";
    }

    private static String percent(double fraction) {
        double value = fraction * 100;
        return Math.abs(value - Math.rint(value)) < 1e-9
                ? String.format(Locale.ROOT, "%.0f%%", value)
                : String.format(Locale.ROOT, "%.1f%%", value);
    }
}

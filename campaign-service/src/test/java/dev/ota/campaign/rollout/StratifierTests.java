package dev.ota.campaign.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.campaign.campaigns.StagePlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StratifierTests {

    /** 10,000 vehicles over 3 models x 2 regions with very different sizes. */
    private static List<Stratifier.Candidate> fleet() {
        int[][] sizes = {{4000, 2000}, {2500, 1000}, {450, 50}};
        String[] models = {"ID.4", "ID.3", "ID.Buzz"};
        String[] regions = {"EU", "NA"};
        List<Stratifier.Candidate> fleet = new ArrayList<>();
        int n = 0;
        for (int m = 0; m < models.length; m++) {
            for (int r = 0; r < regions.length; r++) {
                for (int i = 0; i < sizes[m][r]; i++) {
                    fleet.add(new Stratifier.Candidate(
                            "VIN%08d".formatted(n++), models[m] + "|" + regions[r] + "|brake"));
                }
            }
        }
        return fleet;
    }

    private static Map<String, Long> stratumCounts(
            List<Stratifier.Candidate> fleet, Map<String, Integer> stageOf, int stage) {
        return fleet.stream()
                .filter(c -> stageOf.get(c.vin()) == stage)
                .collect(Collectors.groupingBy(Stratifier.Candidate::stratum, Collectors.counting()));
    }

    /** The stage review judges the sizes {@link StagePlan#split} names: they must be the sizes the rollout gives. */
    @Test
    void eachStageGetsExactlyTheSizeThePlanSplitNames() {
        List<Stratifier.Candidate> fleet = fleet().subList(0, 237);
        List<StagePlan> plan = List.of(
                new StagePlan(1.0, null, 0, Duration.ZERO, true),
                new StagePlan(null, 30, 0, Duration.ZERO, true),
                new StagePlan(25.0, null, 40, Duration.ZERO, true),
                new StagePlan(null, 500, 0, Duration.ZERO, true),
                new StagePlan(100.0, null, 0, Duration.ZERO, true));
        List<Integer> split = StagePlan.split(plan, fleet.size());

        Map<String, Integer> stageOf = Stratifier.assign(fleet, split, 11);

        assertThat(split).containsExactly(3, 30, 60, 144, 0);
        for (int stage = 1; stage <= plan.size(); stage++) {
            int expected = split.get(stage - 1);
            assertThat(stageOf.values().stream()
                            .filter(Integer.valueOf(stage)::equals)
                            .count())
                    .as("stage %d", stage)
                    .isEqualTo(expected);
        }
    }

    /** Largest remainder gives ID.Buzz/EU 4.5 -> 5 and ID.Buzz/NA 0.5 -> 0; coverage then takes one from the largest. */
    @Test
    void onePercentCanaryCoversEveryStratumInProportion() {
        List<Stratifier.Candidate> fleet = fleet();

        Map<String, Integer> stageOf = Stratifier.assign(fleet, List.of(100, 400, 2000, 7500), 42);

        Map<String, Long> canary = stratumCounts(fleet, stageOf, 1);
        assertThat(canary.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(100);
        assertThat(canary)
                .containsEntry("ID.4|EU|brake", 39L)
                .containsEntry("ID.4|NA|brake", 20L)
                .containsEntry("ID.3|EU|brake", 25L)
                .containsEntry("ID.3|NA|brake", 10L)
                .containsEntry("ID.Buzz|EU|brake", 5L)
                .containsEntry("ID.Buzz|NA|brake", 1L);
    }

    @Test
    void everyVehicleLandsInExactlyOneStageAndTheLastTakesTheRest() {
        List<Stratifier.Candidate> fleet = fleet();

        Map<String, Integer> stageOf = Stratifier.assign(fleet, List.of(100, 400, 2000, 7500), 42);

        assertThat(stageOf).hasSize(fleet.size());
        Map<Integer, Long> perStage =
                stageOf.values().stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        assertThat(perStage)
                .containsEntry(1, 100L)
                .containsEntry(2, 400L)
                .containsEntry(3, 2000L)
                .containsEntry(4, 7500L);
    }

    @Test
    void smallStratumStillGetsACanaryVehicleWhenProportionRoundsToZero() {
        List<Stratifier.Candidate> fleet = new ArrayList<>();
        for (int i = 0; i < 990; i++) {
            fleet.add(new Stratifier.Candidate("BIG%05d".formatted(i), "big"));
        }
        for (int i = 0; i < 10; i++) {
            fleet.add(new Stratifier.Candidate("RARE%04d".formatted(i), "rare"));
        }

        Map<String, Integer> stageOf = Stratifier.assign(fleet, List.of(10, 990), 7);

        Map<String, Long> canary = stratumCounts(fleet, stageOf, 1);
        assertThat(canary).containsEntry("rare", 1L).containsEntry("big", 9L);
    }

    @Test
    void canaryIsNotSimplyTheFirstVinsAndIsReproducibleForTheSameSeed() {
        List<Stratifier.Candidate> fleet = fleet();

        Map<String, Integer> once = Stratifier.assign(fleet, List.of(100, 9900), 42);
        Map<String, Integer> again = Stratifier.assign(fleet, List.of(100, 9900), 42);
        Map<String, Integer> otherSeed = Stratifier.assign(fleet, List.of(100, 9900), 43);

        assertThat(again).isEqualTo(once);
        assertThat(otherSeed).isNotEqualTo(once);
        long firstVinsInCanary = fleet.subList(0, 40).stream()
                .filter(c -> once.get(c.vin()) == 1)
                .count();
        assertThat(firstVinsInCanary).isLessThan(10);
    }
}

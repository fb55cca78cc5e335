package dev.ota.health.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.events.VerdictOutcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StageVerdictRuleTests {

    private static final StageCriteria FIVE_PERCENT = new StageCriteria(
            40, new dev.ota.contracts.events.HealthCriteria(0.05, 20, 0.95, Duration.ofMinutes(30), 0));

    private static Tally finished(long healthy, long failures) {
        return new Tally(healthy + failures, 0, healthy, failures, 0, 0, 0);
    }

    @Test
    void fortyCarCanaryWithoutFailuresDoesNotPassOnLuck() {
        Verdict verdict =
                StageVerdictRule.decide(finished(40, 0), true, FIVE_PERCENT).orElseThrow();

        assertThat(verdict.outcome()).isEqualTo(VerdictOutcome.INSUFFICIENT_DATA);
        assertThat(verdict.upperBound()).isGreaterThan(0.05);
        assertThat(verdict.rule()).startsWith("inconclusive");
    }

    /** The campaign service warns of stages that cannot pass with this figure: it must be this rule's. */
    @ParameterizedTest
    @CsvSource({"0.05, 20, 0.95, 52", "0.05, 100, 0.95, 100", "0.01, 20, 0.99, 536", "0.2, 5, 0.9, 7", "0.5, 1, 0.5, 1"
    })
    void theSmallestPassingStageTheCriteriaNameIsTheSmallestThisRulePasses(
            double maxFailureRate, int minSamples, double confidence, int smallest) {
        var health = new dev.ota.contracts.events.HealthCriteria(
                maxFailureRate, minSamples, confidence, Duration.ofMinutes(30), 0);
        int named = health.smallestPassingStage().orElseThrow();
        StageCriteria criteria = new StageCriteria(1, health);

        assertThat(named).isEqualTo(smallest);
        assertThat(StageVerdictRule.decide(finished(named, 0), true, criteria)
                        .orElseThrow()
                        .outcome())
                .isEqualTo(VerdictOutcome.PASS);
        if (named > 1) {
            assertThat(StageVerdictRule.decide(finished(named - 1, 0), true, criteria)
                            .orElseThrow()
                            .outcome())
                    .isEqualTo(VerdictOutcome.INSUFFICIENT_DATA);
        }
    }

    @Test
    void noStagePassesCriteriaThatAllowNoFailureAtAll() {
        var health = new dev.ota.contracts.events.HealthCriteria(0, 20, 0.95, Duration.ofMinutes(30), 0);
        assertThat(health.smallestPassingStage()).isEmpty();
        assertThat(StageVerdictRule.decide(finished(100_000, 0), true, new StageCriteria(1, health))
                        .orElseThrow()
                        .outcome())
                .isEqualTo(VerdictOutcome.INSUFFICIENT_DATA);
    }

    @Test
    void fortyCarCanaryDoesNotFailOnOneFlake() {
        assertThat(StageVerdictRule.decide(finished(39, 1), false, FIVE_PERCENT))
                .isEmpty();
        assertThat(StageVerdictRule.decide(finished(39, 1), true, FIVE_PERCENT)
                        .orElseThrow()
                        .outcome())
                .isEqualTo(VerdictOutcome.INSUFFICIENT_DATA);
    }

    @Test
    void failsAsSoonAsTheLowerBoundIsConfidentlyAboveTheThresholdWithoutWaitingForTheStageToFinish() {
        Tally tally = new Tally(400, 17, 0, 3, 0, 0, 0);

        Verdict verdict = StageVerdictRule.decide(tally, false, FIVE_PERCENT).orElseThrow();

        assertThat(verdict.outcome()).isEqualTo(VerdictOutcome.FAIL);
        assertThat(verdict.samples()).isEqualTo(20);
        assertThat(verdict.failures()).isEqualTo(3);
        assertThat(verdict.lowerBound()).isGreaterThan(0.05);
        assertThat(verdict.rule()).contains("wilson-lower-bound").contains("17 still soaking");
    }

    @Test
    void earlyFailuresAloneDoNotFailAStageWhileFewerThanTheMinimumSampleHaveRebooted() {
        Tally threeFailuresFirst = new Tally(400, 0, 0, 3, 0, 0, 0);

        assertThat(StageVerdictRule.decide(threeFailuresFirst, false, FIVE_PERCENT))
                .isEmpty();
    }

    @Test
    void vehiclesStillSoakingDiluteTheFailureRateSoFastFailuresCannotFakeABadRelease() {
        Tally twoFailuresAmongManySoaking = new Tally(400, 100, 0, 2, 0, 0, 0);

        assertThat(StageVerdictRule.decide(twoFailuresAmongManySoaking, false, FIVE_PERCENT))
                .isEmpty();
    }

    @Test
    void passesOnlyWhenTheStageFinishedAndTheUpperBoundIsWithinTheThreshold() {
        Tally hundredHealthy = finished(100, 0);

        assertThat(StageVerdictRule.decide(hundredHealthy, false, FIVE_PERCENT)).isEmpty();
        Verdict verdict =
                StageVerdictRule.decide(hundredHealthy, true, FIVE_PERCENT).orElseThrow();
        assertThat(verdict.outcome()).isEqualTo(VerdictOutcome.PASS);
        assertThat(verdict.upperBound()).isLessThanOrEqualTo(0.05);
    }

    @Test
    void finishedStageWithFewerSamplesThanTheMinimumIsInsufficientData() {
        Verdict verdict =
                StageVerdictRule.decide(finished(10, 0), true, FIVE_PERCENT).orElseThrow();

        assertThat(verdict.outcome()).isEqualTo(VerdictOutcome.INSUFFICIENT_DATA);
        assertThat(verdict.rule()).isEqualTo("minimum-sample: n=10 < 20");
    }

    @Test
    void timeOutsCountAsFailures() {
        Tally timedOut = new Tally(40, 0, 30, 0, 10, 0, 0);

        assertThat(StageVerdictRule.decide(timedOut, false, FIVE_PERCENT)
                        .orElseThrow()
                        .outcome())
                .isEqualTo(VerdictOutcome.FAIL);
    }

    @Test
    void rejectionsAndFailuresOfOtherHardwareAreNotSamples() {
        Tally tally = new Tally(140, 0, 100, 0, 0, 20, 20);

        Verdict verdict = StageVerdictRule.decide(tally, true, FIVE_PERCENT).orElseThrow();

        assertThat(verdict.samples()).isEqualTo(100);
        assertThat(verdict.outcome()).isEqualTo(VerdictOutcome.PASS);
    }
}

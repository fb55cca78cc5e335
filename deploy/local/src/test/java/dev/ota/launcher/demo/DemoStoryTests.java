package dev.ota.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoStoryTests {

    private static final double Z = 1.6449;

    @ParameterizedTest
    @ValueSource(ints = {2, 5, 10, 20, 50, 100, 500, 2000})
    void aCleanFirstStageOfAnySizeCanPassItsHealthCriteria(int firstStage) {
        CampaignPlan.Health health = DemoStory.healthFor(firstStage);

        double cleanUpperBound = Z * Z / (firstStage + Z * Z);

        assertThat(cleanUpperBound).isLessThanOrEqualTo(health.maxFailureRate());
        assertThat(health.minSamples()).isBetween(1, firstStage);
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 200, 1000})
    void twentyPercentBootFailuresInALargeFirstStageBreakTheFivePercentThreshold(int firstStage) {
        CampaignPlan.Health health = DemoStory.healthFor(firstStage);

        assertThat(health.maxFailureRate()).isEqualTo(0.05);
        assertThat(wilsonLower(0.2, firstStage)).isGreaterThan(health.maxFailureRate());
    }

    private static double wilsonLower(double rate, int n) {
        double z2 = Z * Z;
        return (rate + z2 / (2 * n) - Z * Math.sqrt(rate * (1 - rate) / n + z2 / (4.0 * n * n))) / (1 + z2 / n);
    }
}

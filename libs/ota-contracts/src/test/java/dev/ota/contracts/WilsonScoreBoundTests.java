package dev.ota.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WilsonScoreBoundTests {

    /** Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3 (Wilson, 95%). */
    @ParameterizedTest
    @CsvSource({
        "81, 263, 0.2553, 0.3662",
        "15, 148, 0.0624, 0.1605",
        "0,  20,  0.0000, 0.1611",
        "1,  29,  0.0061, 0.1718"
    })
    void matchesNewcombesPublishedWilsonIntervalsAtNinetySevenAndAHalfPercentOneSided(
            long failures, long samples, double lower, double upper) {
        WilsonScoreBound bound = WilsonScoreBound.of(failures, samples, 0.975);

        assertThat(bound.lower()).isCloseTo(lower, within(0.00006));
        assertThat(bound.upper()).isCloseTo(upper, within(0.00006));
    }

    @Test
    void aFortyCarCanaryWithoutFailuresCannotProveARateBelowFivePercentAtNinetyFivePercent() {
        WilsonScoreBound bound = WilsonScoreBound.of(0, 40, 0.95);

        assertThat(bound.upper()).isCloseTo(0.063353, within(0.000001)).isGreaterThan(0.05);
        assertThat(bound.lower()).isZero();
    }

    @Test
    void oneFlakeInFortyLeavesTheLowerBoundFarBelowAFivePercentThreshold() {
        assertThat(WilsonScoreBound.of(1, 40, 0.95).lower()).isCloseTo(0.005597, within(0.000001));
    }

    @Test
    void boundsOfAllFailuresAndOfNoSamplesAreTheWholeRangeEdge() {
        assertThat(WilsonScoreBound.of(5, 5, 0.95).upper()).isEqualTo(1.0);
        assertThat(WilsonScoreBound.of(0, 0, 0.95)).isEqualTo(new WilsonScoreBound(0, 1));
    }

    @Test
    void refusesMoreFailuresThanSamples() {
        assertThatThrownBy(() -> WilsonScoreBound.of(3, 2, 0.95)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"0.95, 1.6448536270", "0.975, 1.9599639845", "0.99, 2.3263478740", "0.01, -2.3263478740"})
    void normalQuantileMatchesTablesToEightDigits(double p, double z) {
        assertThat(NormalQuantile.of(p)).isCloseTo(z, within(1e-8));
    }
}

package dev.ota.contracts;

/**
 * One-sided Wilson score bounds on a failure rate (E. B. Wilson, 1927). With {@code z} the one-sided normal quantile of
 * the confidence level, the bounds are {@code (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)}. Unlike the
 * normal (Wald) interval it behaves at 0 and n failures and at small n, which is exactly where canaries live: 0 failures
 * in 40 vehicles gives an upper bound of 6.3% at 95%, not 0%.
 *
 * @param lower the rate is above this with the given confidence
 * @param upper the rate is below this with the given confidence
 */
public record WilsonScoreBound(double lower, double upper) {

    public static WilsonScoreBound of(long failures, long samples, double confidence) {
        if (failures < 0 || samples < 0 || failures > samples) {
            throw new IllegalArgumentException("need 0 <= failures <= samples, got " + failures + "/" + samples);
        }
        if (samples == 0) {
            return new WilsonScoreBound(0, 1);
        }
        double z = NormalQuantile.of(confidence);
        double n = samples;
        double p = failures / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = p + z2 / (2 * n);
        double margin = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        double lower = failures == 0 ? 0 : Math.max(0, (centre - margin) / denominator);
        double upper = failures == samples ? 1 : Math.min(1, (centre + margin) / denominator);
        return new WilsonScoreBound(lower, upper);
    }
}

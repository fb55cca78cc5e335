package dev.ota.campaign.policy;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How fast a campaign notifies vehicles, as AWS IoT Jobs' {@code exponentialRate}: it starts at {@code
 * baseRatePerMinute} and multiplies by {@code incrementFactor} each time another {@code incrementEvery} vehicles were
 * notified, never above {@code maximumPerMinute}. Without a base rate the rate is flat at the maximum.
 *
 * @param maximumPerMinute the ceiling, 1..1,000,000
 * @param baseRatePerMinute the starting rate, or null for a flat rate
 * @param incrementFactor growth per step, 1.1..5
 * @param incrementEvery vehicles notified per step
 */
public record ExponentialRampRateLimit(
        int maximumPerMinute, @Nullable Integer baseRatePerMinute, double incrementFactor, int incrementEvery) {

    /** The most a campaign may burst at once: one second's worth at the current rate, at least one vehicle. */
    private static final double BURST_SECONDS = 1.0;

    public ExponentialRampRateLimit {
        if (maximumPerMinute < 1 || maximumPerMinute > 1_000_000) {
            throw new IllegalArgumentException("rateLimit.maximumPerMinute must be within 1..1000000");
        }
        if (baseRatePerMinute != null) {
            if (baseRatePerMinute < 1 || baseRatePerMinute > maximumPerMinute) {
                throw new IllegalArgumentException("rateLimit.baseRatePerMinute must be within 1..maximumPerMinute");
            }
            if (incrementFactor < 1.1 || incrementFactor > 5) {
                throw new IllegalArgumentException("rateLimit.incrementFactor must be within 1.1..5");
            }
            if (incrementEvery < 1) {
                throw new IllegalArgumentException("rateLimit.incrementEvery must be at least 1");
            }
        }
    }

    public static ExponentialRampRateLimit flat(int perMinute) {
        return new ExponentialRampRateLimit(perMinute, null, 0, 0);
    }

    /** The rate in force once {@code notified} vehicles have been notified. */
    public double ratePerMinute(long notified) {
        if (baseRatePerMinute == null) {
            return maximumPerMinute;
        }
        long steps = notified / incrementEvery;
        double rate = baseRatePerMinute * Math.pow(incrementFactor, Math.min(steps, 200));
        return Math.min(rate, maximumPerMinute);
    }

    /**
     * Refills the token bucket for the time since it was last updated.
     *
     * @param tokens tokens left from the last refill
     * @param updatedAt when they were counted, or null before the first dispatch
     * @return the tokens available now: whole tokens are vehicles that may be notified
     */
    public double refill(double tokens, @Nullable Instant updatedAt, Instant now, long notified) {
        double perSecond = ratePerMinute(notified) / 60.0;
        double capacity = Math.max(1.0, perSecond * BURST_SECONDS);
        if (updatedAt == null) {
            return capacity;
        }
        double elapsed = Math.max(0, Duration.between(updatedAt, now).toNanos() / 1e9);
        return Math.min(capacity, tokens + elapsed * perSecond);
    }
}

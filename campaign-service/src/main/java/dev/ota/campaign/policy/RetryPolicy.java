package dev.ota.campaign.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Transient failures (a broken download, the vehicle going offline, no progress in time, the platform unavailable to
 * the vehicle: a repository it could not reach after its own retries) are retried with exponential backoff, at most
 * {@code maxRetries} times; permanent ones (a bad signature, a failed install, a declined consent) are not.
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, double multiplier, Duration maxBackoff) {

    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ofMinutes(1), 2, Duration.ofHours(1));

    private static final Set<String> TRANSIENT_MARKERS =
            Set.of("download", "network", "offline", "timeout", "timed out", "connection", "no progress");

    public RetryPolicy {
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("retry.maxRetries must be within 0..10");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("retry backoff must be positive and maxBackoff >= initialBackoff");
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("retry.multiplier must be at least 1");
        }
    }

    /** Whether a failure reason names a transient cause; a fault of the platform ({@link PlatformFault}) is one. */
    public static boolean isTransient(String reason) {
        String lower = reason.toLowerCase(Locale.ROOT);
        return PlatformFault.named(reason) || TRANSIENT_MARKERS.stream().anyMatch(lower::contains);
    }

    /**
     * When to try again after the given failure.
     *
     * @param attempts how many times the vehicle was assigned so far (the first assignment is attempt 1)
     * @return the time of the next attempt, or empty when the failure is final
     */
    public Optional<Instant> nextAttempt(int attempts, String reason, Instant now) {
        if (!isTransient(reason) || attempts > maxRetries) {
            return Optional.empty();
        }
        double factor = Math.pow(multiplier, Math.max(0, attempts - 1));
        long millis = (long) Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() * factor);
        return Optional.of(now.plusMillis(millis));
    }
}

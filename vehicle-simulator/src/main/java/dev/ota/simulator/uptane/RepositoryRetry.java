package dev.ota.simulator.uptane;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a vehicle tries a repository again that it could not reach: a few more times, each after a random wait below an
 * exponentially growing ceiling (full jitter), so that thousands of vehicles refused at once by an overloaded
 * repository spread their next attempts instead of coming back as one wave. Only unreachability is retried; what the
 * repository did serve is verified once and refused if it is wrong.
 */
record RepositoryRetry(int retries, Duration backoff) {

    private static final String PLATFORM_UNAVAILABLE = "platform unavailable: ";

    /** Something to do against a repository, which may find it unreachable. */
    interface Attempt<T, E extends Exception> {
        T run() throws E, RepositoryUnreachable;
    }

    /** The repository could not be reached (connection refused or reset, a timeout); the cause says which. */
    static final class RepositoryUnreachable extends Exception {
        RepositoryUnreachable(String what, Throwable cause) {
            super(what + ": " + cause.getMessage(), cause);
        }
    }

    /**
     * Runs the attempt, and again after a wait while the repository is unreachable, at most {@link #retries} more
     * times.
     *
     * @throws RepositoryUnreachable when the last attempt could not reach it either
     */
    <T, E extends Exception> T run(Attempt<T, E> attempt) throws E, RepositoryUnreachable {
        for (int tried = 0; ; tried++) {
            try {
                return attempt.run();
            } catch (RepositoryUnreachable unreachable) {
                if (tried >= retries) {
                    throw unreachable;
                }
                sleep(waitBefore(tried + 1));
            }
        }
    }

    /** What the vehicle reports when it gave up: the platform, not the update, failed. */
    String gaveUp(RepositoryUnreachable unreachable) {
        return PLATFORM_UNAVAILABLE + unreachable.getMessage() + " (tried " + (retries + 1) + " times)";
    }

    /** The wait before retry {@code n} (1-based): uniformly random in [0, min(16, 2^(n-1)) × backoff). */
    Duration waitBefore(int n) {
        long ceiling = backoff.toMillis() * Math.min(16, 1L << Math.min(n - 1, 4));
        return Duration.ofMillis(ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling));
    }

    private static void sleep(Duration wait) throws RepositoryUnreachable {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new RepositoryUnreachable("interrupted while waiting to retry", interrupted);
        }
    }
}

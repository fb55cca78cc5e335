package dev.ota.simulator.uptane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RepositoryRetryTests {

    @Test
    void anUnreachableRepositoryIsTriedAgainUntilItAnswers() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        RepositoryRetry retry = new RepositoryRetry(3, Duration.ofMillis(5));

        String answer = retry.run(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new RepositoryRetry.RepositoryUnreachable("repository unreachable", new IOException("refused"));
            }
            return "metadata";
        });

        assertThat(answer).isEqualTo("metadata");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void afterItsRetriesTheVehicleGivesUpAndSaysWhy() {
        AtomicInteger attempts = new AtomicInteger();
        RepositoryRetry retry = new RepositoryRetry(2, Duration.ofMillis(1));

        assertThatThrownBy(() -> retry.run(() -> {
                    attempts.incrementAndGet();
                    throw new RepositoryRetry.RepositoryUnreachable(
                            "repository unreachable", new IOException("connect timed out"));
                }))
                .isInstanceOf(RepositoryRetry.RepositoryUnreachable.class)
                .hasMessage("repository unreachable: connect timed out");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void waitsAreSpreadBelowADoublingCeiling() {
        RepositoryRetry retry = new RepositoryRetry(6, Duration.ofMillis(1000));
        Set<Long> firstWaits = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Duration first = retry.waitBefore(1);
            assertThat(first).isBetween(Duration.ZERO, Duration.ofMillis(999));
            firstWaits.add(first.toMillis());
            assertThat(retry.waitBefore(3)).isLessThan(Duration.ofMillis(4000));
            assertThat(retry.waitBefore(9)).isLessThan(Duration.ofMillis(16_000));
        }
        assertThat(firstWaits)
                .as("jitter: a fleet refused together does not retry together")
                .hasSizeGreaterThan(100);
    }
}

package dev.ota.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.contracts.MalformedEventException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * The decisions of the shared batch handling, without infrastructure; {@code LogConsumerFailuresIntegrationTests}
 * (audit-service) shows them on real PostgreSQL and Kafka.
 */
class BatchFailuresTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> deadLettered = new ArrayList<>();
    private final List<List<String>> applied = new ArrayList<>();
    private final BatchFailures failures = new BatchFailures(
            "probe",
            new RecordingDeadLetters(),
            new ConsumerRetryProperties(Duration.ofMillis(1), 2, Duration.ofMillis(1), 3),
            meters);

    @Test
    void appliesAPollInOneCallAndThenDeadLettersItsDecodingPoison() {
        failures.consume(poll("a", "!poison", "b"), applying(List.of()));

        assertThat(applied).containsExactly(List.of("a", "b"));
        assertThat(deadLettered).containsExactly("t 0:1 poison");
    }

    @Test
    void splitsAPollThatFailsForGoodSoThatOnlyTheRecordThatFailsAloneIsDeadLettered() {
        failures.consume(
                poll("a", "bad", "!poison", "c"),
                applying(List.of("bad"), new DataIntegrityViolationException("value too long for type")));

        assertThat(applied).containsExactly(List.of("a"), List.of("c"));
        assertThat(deadLettered)
                .containsExactly(
                        "t 0:1 permanent: DataIntegrityViolationException: value too long for type", "t 0:2 poison");
    }

    @Test
    void keepsAHandlersRefusalInItsOwnWords() {
        failures.consume(poll("a", "bad"), applying(List.of("bad"), new MalformedEventException("vin_mismatch: X")));

        assertThat(applied).containsExactly(List.of("a"));
        assertThat(deadLettered).containsExactly("t 0:1 vin_mismatch: X");
    }

    @Test
    void leavesAPollThatFailsTransientlyToTheContainerWholeAndDeadLettersNothing() {
        var away = new DataAccessResourceFailureException("database away");
        List<Polled<String>> poll = poll("a", "!poison", "b");

        assertThatThrownBy(() -> failures.consume(poll, applying(List.of("a"), away)))
                .isSameAs(away);
        assertThat(applied).isEmpty();
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void stopsASplitPollAtTheRecordThatFailsTransientlySoTheContainerRetriesFromIt() {
        List<Polled<String>> poll = poll("bad", "!poison", "a", "gone", "b");
        Consumer<List<String>> apply = values -> {
            if (values.contains("bad")) {
                throw new DataIntegrityViolationException("refused");
            }
            if (values.contains("gone")) {
                throw new DataAccessResourceFailureException("database away");
            }
            applied.add(values);
        };

        assertThatThrownBy(() -> failures.consume(poll, apply))
                .isInstanceOfSatisfying(
                        BatchListenerFailedException.class,
                        stop -> assertThat(stop.getIndex()).isEqualTo(3));
        assertThat(applied).containsExactly(List.of("a"));
        assertThat(deadLettered)
                .containsExactly("t 0:0 permanent: DataIntegrityViolationException: refused", "t 0:1 poison");
    }

    @Test
    void triesAnUnclassifiedFailureThreeTimesWholeAndThreeTimesAloneBeforeDeadLetteringIt() {
        List<List<String>> calls = new ArrayList<>();
        Consumer<List<String>> apply = values -> {
            calls.add(values);
            if (values.contains("bug")) {
                throw new IllegalStateException("a bug");
            }
        };

        failures.consume(poll("a", "bug"), apply);

        assertThat(calls)
                .containsExactly(
                        List.of("a", "bug"),
                        List.of("a", "bug"),
                        List.of("a", "bug"),
                        List.of("a"),
                        List.of("bug"),
                        List.of("bug"),
                        List.of("bug"));
        assertThat(deadLettered)
                .containsExactly("t 0:1 unclassified, dead-lettered after 3 attempts: IllegalStateException: a bug");
    }

    @Test
    void stopsAtARecordWhoseDeadLetterKafkaDoesNotTake() {
        BatchFailures unreachable = new BatchFailures(
                "probe",
                new RecordingDeadLetters() {
                    @Override
                    public void send(
                            String sourceTopic, @Nullable String key, byte[] payload, String position, String reason) {
                        throw new IllegalStateException("could not dead-letter a message from " + sourceTopic);
                    }
                },
                new ConsumerRetryProperties(Duration.ofMillis(1), 2, Duration.ofMillis(1), 3),
                meters);

        assertThatThrownBy(() -> unreachable.consume(poll("a", "!poison"), applying(List.of())))
                .isInstanceOfSatisfying(
                        BatchListenerFailedException.class,
                        stop -> assertThat(stop.getIndex()).isEqualTo(1));
        assertThat(applied).containsExactly(List.of("a"));
    }

    @Test
    void givesUpAPollThatFailsTransientlyWhenTheWorkIsOnlyWorthDoingNowAndStillDeadLettersItsPoison() {
        var away = new DataAccessResourceFailureException("database away");

        failures.consumeNowOrNever(poll("a", "!poison", "b"), applying(List.of("a"), away));

        assertThat(applied).isEmpty();
        assertThat(deadLettered).containsExactly("t 0:1 poison");
        assertThat(meters.counter("ota.consumer.dropped", "group", "probe").count())
                .isEqualTo(2);
    }

    @Test
    void splitsANowOrNeverPollThatFailsForGoodAndGivesUpTheRestWhenTheDatabaseGoesAwayMeanwhile() {
        Consumer<List<String>> apply = values -> {
            if (values.contains("bad")) {
                throw new DataIntegrityViolationException("refused");
            }
            if (values.contains("gone")) {
                throw new DataAccessResourceFailureException("database away");
            }
            applied.add(values);
        };

        failures.consumeNowOrNever(poll("a", "bad", "gone", "!poison", "b"), apply);

        assertThat(applied).containsExactly(List.of("a"));
        assertThat(deadLettered)
                .containsExactly("t 0:1 permanent: DataIntegrityViolationException: refused", "t 0:3 poison");
        assertThat(meters.counter("ota.consumer.dropped", "group", "probe").count())
                .isEqualTo(2);
    }

    /** Values; one starting with {@code !} is decoding poison with the rest as its reason. */
    private static List<Polled<String>> poll(String... values) {
        List<Polled<String>> poll = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Polled.Origin origin = new Polled.Origin(i, "t", 0, i, "k", values[i].getBytes(StandardCharsets.UTF_8));
            poll.add(
                    values[i].startsWith("!")
                            ? new Polled.Refused<>(origin, values[i].substring(1))
                            : new Polled.Decoded<>(origin, values[i]));
        }
        return poll;
    }

    private Consumer<List<String>> applying(List<String> failing, RuntimeException... failure) {
        return values -> {
            if (values.stream().anyMatch(failing::contains)) {
                throw failure[0];
            }
            applied.add(values);
        };
    }

    /** Records what would have been sent; no Kafka. */
    private class RecordingDeadLetters extends DeadLetters {

        RecordingDeadLetters() {
            super(null, "probe", new SimpleMeterRegistry());
        }

        @Override
        public void send(String sourceTopic, @Nullable String key, byte[] payload, String position, String reason) {
            deadLettered.add(sourceTopic + " " + position + " " + reason);
        }
    }
}

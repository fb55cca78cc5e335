package dev.ota.platform.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BackOffHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.messaging.MessagingException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The error handler of every consumer container: what happens to a record whose processing failed.
 *
 * <ul>
 *   <li>{@link FailureClassifier.Kind#TRANSIENT transient} (database or Kafka away, lock timeout, connection reset):
 *       the record is retried with exponential back-off, capped at {@code max-interval}, without limit and never
 *       dead-lettered; the consumer is paused during the back-off (all the partitions of the container, not only the
 *       failing one: it keeps polling, so it stays in its group). Every failed attempt is counted in {@code ota.consumer.transient.failures} and logged at WARN with
 *       topic, partition, offset, consumer group and cause.
 *   <li>{@link FailureClassifier.Kind#PERMANENT permanent} (malformed, not deserialisable, a rule violated):
 *       dead-lettered at once through {@link DeadLetters}, with the same headers as a record the consumer refuses
 *       itself; the reason starts with {@code permanent:}.
 *   <li>{@link FailureClassifier.Kind#UNCLASSIFIED unclassified} (a bug): {@code unclassified-attempts} deliveries,
 *       then dead-lettered with a reason starting {@code unclassified:}, so a bug does not stop the partition.
 * </ul>
 *
 * A dead letter that cannot be sent (Kafka away) fails the recovery: the record is delivered again, nothing is lost.
 *
 * <p>A batch consumer's container gets the same handler; {@link BatchFailures} deals with permanent and unclassified
 * failures of a poll itself, so the container sees a poll fail only transiently (retried whole with the transient
 * back-off, each attempt counted and logged per poll) or a {@code BatchListenerFailedException} naming the record a
 * split poll stopped at (the records before it committed, that record handled as above).
 */
public final class ConsumerFailures {

    private static final Logger log = LoggerFactory.getLogger(ConsumerFailures.class);

    private ConsumerFailures() {}

    /**
     * @param group the consumer group, for logs and metrics
     * @param backOffHandler how to wait (pause the container), or null to sleep on the consumer thread
     */
    public static DefaultErrorHandler errorHandler(
            String group,
            DeadLetters deadLetters,
            MeterRegistry meters,
            ConsumerRetryProperties retry,
            @Nullable BackOffHandler backOffHandler) {
        DefaultErrorHandler handler = backOffHandler == null
                ? new DefaultErrorHandler(
                        (record, failure) -> deadLetter(deadLetters, retry, record, failure), transientBackOff(retry))
                : new DefaultErrorHandler(
                        (record, failure) -> deadLetter(deadLetters, retry, record, failure),
                        transientBackOff(retry),
                        backOffHandler);
        handler.setBackOffFunction((record, failure) -> switch (FailureClassifier.classify(failure)) {
            case TRANSIENT -> transientBackOff(retry);
            case PERMANENT -> new FixedBackOff(0, 0);
            case UNCLASSIFIED ->
                new FixedBackOff(retry.initialInterval().toMillis(), retry.unclassifiedAttempts() - 1L);
        });
        // a transient failure followed by a permanent one (or the other way round) starts counting anew
        handler.setResetStateOnExceptionChange(true);
        handler.setRetryListeners(new Attempts(group, meters, retry));
        return handler;
    }

    private static BackOff transientBackOff(ConsumerRetryProperties retry) {
        ExponentialBackOff backOff =
                new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        backOff.setMaxAttempts(Long.MAX_VALUE);
        return backOff;
    }

    private static void deadLetter(
            DeadLetters deadLetters, ConsumerRetryProperties retry, ConsumerRecord<?, ?> record, Exception failure) {
        Throwable cause = unwrap(failure);
        String reason = switch (FailureClassifier.classify(failure)) {
            case PERMANENT -> "permanent: " + FailureClassifier.describe(cause);
            case UNCLASSIFIED ->
                "unclassified, dead-lettered after " + retry.unclassifiedAttempts() + " attempts: "
                        + FailureClassifier.describe(cause);
            // reached only when the first failure of a run was not transient (its back-off ran out) and a later one is:
            // never dead-letter it; failing the recovery starts the back-off anew, now the transient one, without limit
            case TRANSIENT ->
                throw new TransientNotDeadLettered(
                        record.topic() + "-" + record.partition() + "@" + record.offset() + " failed transiently ("
                                + FailureClassifier.describe(cause) + "); retried, not dead-lettered");
        };
        deadLetters.send(
                record.topic(),
                text(record.key()),
                record.value() instanceof byte[] bytes
                        ? bytes
                        : record.value() == null
                                ? new byte[0]
                                : record.value().toString().getBytes(StandardCharsets.UTF_8),
                record.partition() + ":" + record.offset(),
                reason);
    }

    /** Refuses to dead-letter a transient failure: the error handler then retries the record with a fresh back-off. */
    static final class TransientNotDeadLettered extends RuntimeException {
        TransientNotDeadLettered(String message) {
            super(message);
        }
    }

    /** The handler's own exception, without the listener and messaging wrappers around it. */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof ListenerExecutionFailedException || t instanceof MessagingException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static @Nullable String text(@Nullable Object key) {
        return switch (key) {
            case null -> null;
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            default -> key.toString();
        };
    }

    /** Counts and logs each failed delivery, so a person sees what is being retried and why. */
    private record Attempts(String group, MeterRegistry meters, ConsumerRetryProperties retry)
            implements RetryListener {

        @Override
        public void failedDelivery(ConsumerRecord<?, ?> record, @Nullable Exception failure, int deliveryAttempt) {
            if (failure == null) {
                return;
            }
            String cause = FailureClassifier.describe(unwrap(failure));
            switch (FailureClassifier.classify(failure)) {
                case TRANSIENT -> {
                    Counter.builder("ota.consumer.transient.failures")
                            .description("deliveries that failed transiently and will be retried")
                            .tag("topic", record.topic())
                            .tag("group", group)
                            .register(meters)
                            .increment();
                    log.warn(
                            "transient failure consuming {}-{}@{} (group {}, attempt {}): {}. The record is retried with"
                                    + " back-off of at most {} s, without limit and without dead-lettering; restore"
                                    + " the database or Kafka named in the cause.",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            group,
                            deliveryAttempt,
                            cause,
                            retry.maxInterval().toSeconds());
                }
                case UNCLASSIFIED ->
                    log.warn(
                            "unclassified failure consuming {}-{}@{} (group {}, attempt {} of {}): {}",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            group,
                            deliveryAttempt,
                            retry.unclassifiedAttempts(),
                            cause);
                case PERMANENT -> {
                    // dead-lettered at once; DeadLetters logs it with its reason
                }
            }
        }

        /**
         * A poll a batch consumer could not apply and left to the container ({@link BatchFailures} does so only for a
         * transient failure): it is retried whole, with the back-off of a transient failure.
         */
        @Override
        public void failedDelivery(ConsumerRecords<?, ?> records, @Nullable Exception failure, int deliveryAttempt) {
            if (failure == null || records.isEmpty()) {
                return;
            }
            String cause = FailureClassifier.describe(unwrap(failure));
            StringJoiner span = new StringJoiner(", ");
            for (TopicPartition partition : records.partitions()) {
                List<? extends ConsumerRecord<?, ?>> of = records.records(partition);
                span.add(partition + "@" + of.getFirst().offset() + ".."
                        + of.getLast().offset());
            }
            if (FailureClassifier.classify(failure) != FailureClassifier.Kind.TRANSIENT) {
                log.warn(
                        "failure consuming a poll of {} records ({}) (group {}, attempt {}): {}. The poll is retried"
                                + " whole.",
                        records.count(),
                        span,
                        group,
                        deliveryAttempt,
                        cause);
                return;
            }
            records.partitions().stream()
                    .map(TopicPartition::topic)
                    .distinct()
                    .forEach(topic -> Counter.builder("ota.consumer.transient.failures")
                            .description("deliveries that failed transiently and will be retried")
                            .tag("topic", topic)
                            .tag("group", group)
                            .register(meters)
                            .increment());
            log.warn(
                    "transient failure consuming a poll of {} records ({}) (group {}, attempt {}): {}. The poll is"
                            + " retried whole with back-off of at most {} s, without limit and without dead-lettering;"
                            + " restore the database or Kafka named in the cause.",
                    records.count(),
                    span,
                    group,
                    deliveryAttempt,
                    cause,
                    retry.maxInterval().toSeconds());
        }

        @Override
        public void recoveryFailed(ConsumerRecord<?, ?> record, @Nullable Exception original, Exception failure) {
            if (failure instanceof TransientNotDeadLettered retried) {
                log.warn("{}", retried.getMessage());
                return;
            }
            log.warn(
                    "could not dead-letter {}-{}@{} (group {}); it is delivered again: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    group,
                    FailureClassifier.describe(failure));
        }
    }
}

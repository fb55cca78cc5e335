package dev.ota.platform.messaging;

import dev.ota.contracts.MalformedEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * What a batch consumer does with a poll, so that one record the service can never store does not stall the others,
 * and a database or Kafka outage loses nothing. Used by every batch consumer (audit-service's log, health-service's
 * beacons, and signing-service's director asks through {@link #consumeNowOrNever}); the single-record path is {@link
 * ConsumerFailures}, and both ask {@link FailureClassifier}. A batch consumer of a Spring Cloud Stream binding reads its
 * poll with {@link BatchMessage#poll}.
 *
 * <ol>
 *   <li>The decoded records of the poll are applied together, in one call (the fast path: one transaction a poll).
 *       Then the poll's decoding poison ({@link Polled.Refused}) is dead-lettered.
 *   <li>If that fails <b>transiently</b> (the database or Kafka away), the failure is rethrown: the container's error
 *       handler ({@link ConsumerFailures#errorHandler}) retries the whole poll without limit, with the consumer paused
 *       and a back-off capped at {@code max-interval}, counts each attempt in {@code ota.consumer.transient.failures}
 *       and logs it. Nothing is dead-lettered, not even the poison (that waits for the poll to be applied).
 *   <li>If it fails <b>permanently</b>, or without a classification {@code unclassified-attempts} times in a row, the
 *       poll is split: its records are taken one at a time in poll order, each decoded one applied alone, so that only
 *       a record that fails for good is dead-lettered (with the reason headers of {@link DeadLetters}, reason {@code
 *       permanent: ...}, or a {@link MalformedEventException}'s own message: a handler's refusal) and the others are
 *       applied. A record failing unclassified alone gets the same number of attempts, then is dead-lettered.
 *   <li>A transient failure while split, or a dead letter Kafka does not take, stops the poll at that record with a
 *       {@link BatchListenerFailedException}: the container commits the records before it (applied or dead-lettered)
 *       and retries from it, as for a transient failure of a single record. A poll is never dead-lettered whole.
 * </ol>
 *
 * Applying must therefore be idempotent (the audit log appends an event id once, a beacon is a monotone merge): the
 * records of a poll retried whole, or applied one by one after the poll failed, may meet what an earlier attempt did.
 */
public final class BatchFailures {

    private static final Logger log = LoggerFactory.getLogger(BatchFailures.class);

    private final String group;
    private final DeadLetters deadLetters;
    private final ConsumerRetryProperties retry;
    private final Counter dropped;

    /** What a transient failure does to the poll. */
    private enum OnTransient {
        /** Thrown to the container, which retries the poll without limit. */
        RETRY,
        /** The poll's decoded records are given up (logged and counted); its poison is still dead-lettered. */
        DROP
    }

    /** What became of a poll applied whole. */
    private enum Whole {
        APPLIED,
        DROPPED,
        SPLIT
    }

    /** @param group the consumer group, for logs and metrics */
    public BatchFailures(String group, DeadLetters deadLetters, ConsumerRetryProperties retry, MeterRegistry meters) {
        this.group = group;
        this.deadLetters = deadLetters;
        this.retry = retry;
        this.dropped = Counter.builder("ota.consumer.dropped")
                .description("records of a now-or-never batch consumer given up after a transient failure")
                .tag("group", group)
                .register(meters);
    }

    /**
     * Applies a poll as described above.
     *
     * @param poll the records of one poll the consumer wants applied or dead-lettered, in poll order (records it skips,
     *     e.g. of a type it does not handle, may be left out)
     * @param apply applies decoded records, all in one transaction; called with the whole poll, then, if that fails for
     *     good, with one record at a time
     */
    public <T> void consume(List<Polled<T>> poll, Consumer<List<T>> apply) {
        consume(poll, apply, OnTransient.RETRY);
    }

    /**
     * As {@link #consume}, for work that is only worth doing now (answering a question the sender asks again later): a
     * <b>transient</b> failure is not retried but gives up the poll's decoded records that are not applied yet, with a
     * WARN line and {@code ota.consumer.dropped{group}}; the offsets move on. Decoding poison and records that fail for
     * good are dead-lettered as by {@link #consume}, so what can never be processed still reaches {@code <topic>.dlq}.
     */
    public <T> void consumeNowOrNever(List<Polled<T>> poll, Consumer<List<T>> apply) {
        consume(poll, apply, OnTransient.DROP);
    }

    private <T> void consume(List<Polled<T>> poll, Consumer<List<T>> apply, OnTransient onTransient) {
        List<T> decoded = new ArrayList<>(poll.size());
        for (Polled<T> record : poll) {
            if (record instanceof Polled.Decoded<T> d) {
                decoded.add(d.value());
            }
        }
        if (!decoded.isEmpty() && applyWhole(poll, decoded, apply, onTransient) == Whole.SPLIT) {
            oneByOne(poll, apply, onTransient);
            return;
        }
        for (Polled<T> record : poll) {
            if (record instanceof Polled.Refused<T> refused) {
                deadLetter(refused.origin(), refused.reason());
            }
        }
    }

    /** Throws a transient failure for the container to retry the poll, unless the poll is to be dropped. */
    private <T> Whole applyWhole(
            List<Polled<T>> poll, List<T> decoded, Consumer<List<T>> apply, OnTransient onTransient) {
        for (int attempt = 1; ; attempt++) {
            try {
                apply.accept(decoded);
                return Whole.APPLIED;
            } catch (RuntimeException failure) {
                FailureClassifier.Kind kind = FailureClassifier.classify(failure);
                if (kind == FailureClassifier.Kind.TRANSIENT) {
                    if (onTransient == OnTransient.RETRY) {
                        throw failure;
                    }
                    drop(decoded.size(), span(poll), failure);
                    return Whole.DROPPED;
                }
                String cause = FailureClassifier.describe(ConsumerFailures.unwrap(failure));
                if (kind == FailureClassifier.Kind.PERMANENT || attempt >= retry.unclassifiedAttempts()) {
                    log.warn(
                            "a poll of {} records from {} (group {}) failed {} ({}); applying its records one at a"
                                    + " time, so that only a record that fails for good is dead-lettered",
                            decoded.size(),
                            span(poll),
                            group,
                            kind == FailureClassifier.Kind.PERMANENT ? "permanently" : attempt + " times unclassified",
                            cause);
                    return Whole.SPLIT;
                }
                log.warn(
                        "unclassified failure applying a poll of {} records from {} (group {}, attempt {} of {}): {}",
                        decoded.size(),
                        span(poll),
                        group,
                        attempt,
                        retry.unclassifiedAttempts(),
                        cause);
                pause();
            }
        }
    }

    private <T> void oneByOne(List<Polled<T>> poll, Consumer<List<T>> apply, OnTransient onTransient) {
        boolean dropping = false;
        for (int i = 0; i < poll.size(); i++) {
            switch (poll.get(i)) {
                case Polled.Refused<T> refused -> deadLetter(refused.origin(), refused.reason());
                case Polled.Decoded<T> d -> {
                    RuntimeException away = dropping ? null : applyAlone(d, apply, onTransient);
                    if (away != null) {
                        dropping = true;
                        drop(decodedFrom(poll, i), span(poll.subList(i, poll.size())), away);
                    }
                }
            }
        }
    }

    private static int decodedFrom(List<? extends Polled<?>> poll, int from) {
        int count = 0;
        for (int i = from; i < poll.size(); i++) {
            if (poll.get(i) instanceof Polled.Decoded<?>) {
                count++;
            }
        }
        return count;
    }

    /**
     * @return the transient failure when the record is to be dropped (with the rest of the poll), null when it was
     *     applied or dead-lettered
     */
    private <T> @Nullable RuntimeException applyAlone(
            Polled.Decoded<T> record, Consumer<List<T>> apply, OnTransient onTransient) {
        Polled.Origin origin = record.origin();
        for (int attempt = 1; ; attempt++) {
            try {
                apply.accept(List.of(record.value()));
                return null;
            } catch (RuntimeException failure) {
                Throwable cause = ConsumerFailures.unwrap(failure);
                switch (FailureClassifier.classify(failure)) {
                    case TRANSIENT -> {
                        if (onTransient == OnTransient.DROP) {
                            return failure;
                        }
                        throw new BatchListenerFailedException(
                                origin.topic() + "-" + origin.position() + " failed transiently; the poll is retried"
                                        + " from it",
                                failure,
                                origin.index());
                    }
                    case PERMANENT -> {
                        deadLetter(origin, permanentReason(failure, cause));
                        return null;
                    }
                    case UNCLASSIFIED -> {
                        if (attempt >= retry.unclassifiedAttempts()) {
                            deadLetter(
                                    origin,
                                    "unclassified, dead-lettered after " + attempt + " attempts: "
                                            + FailureClassifier.describe(cause));
                            return null;
                        }
                        log.warn(
                                "unclassified failure consuming {}-{} alone (group {}, attempt {} of {}): {}",
                                origin.topic(),
                                origin.position(),
                                group,
                                attempt,
                                retry.unclassifiedAttempts(),
                                FailureClassifier.describe(cause));
                        pause();
                    }
                }
            }
        }
    }

    private void drop(int records, String span, Throwable failure) {
        dropped.increment(records);
        log.warn(
                "{} records from {} (group {}) given up after a transient failure, not retried: the work is only worth"
                        + " doing now: {}",
                records,
                span,
                group,
                FailureClassifier.describe(ConsumerFailures.unwrap(failure)));
    }

    /** A handler's refusal keeps its own words, as on the single-record path; anything else says what refused it. */
    private static String permanentReason(Throwable failure, Throwable cause) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
            if (t instanceof MalformedEventException refused) {
                return String.valueOf(refused.getMessage());
            }
        }
        return "permanent: " + FailureClassifier.describe(cause);
    }

    private void deadLetter(Polled.Origin origin, String reason) {
        try {
            deadLetters.send(origin.topic(), origin.key(), origin.payload(), origin.position(), reason);
        } catch (RuntimeException notSent) {
            // nothing is lost: the container retries the poll from this record, which is dead-lettered again
            throw new BatchListenerFailedException(
                    "could not dead-letter " + origin.topic() + "-" + origin.position(), notSent, origin.index());
        }
    }

    private void pause() {
        try {
            Thread.sleep(retry.initialInterval());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a poll", e);
        }
    }

    /** The first and last record of a poll, for a log line. */
    private static String span(List<? extends Polled<?>> poll) {
        if (poll.isEmpty()) {
            return "nothing";
        }
        Polled.Origin first = poll.getFirst().origin();
        Polled.Origin last = poll.getLast().origin();
        return first.topic() + "-" + first.position() + " to " + last.topic() + "-" + last.position();
    }
}

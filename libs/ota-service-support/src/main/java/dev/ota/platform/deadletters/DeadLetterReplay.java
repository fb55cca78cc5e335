package dev.ota.platform.deadletters;

import dev.ota.contracts.Topics;
import dev.ota.contracts.events.DeadLettersReplayed;
import dev.ota.platform.messaging.DeadLetters;
import dev.ota.platform.messaging.FailureClassifier;
import dev.ota.platform.messaging.InboundConsumer;
import dev.ota.platform.messaging.InboundConsumer.Delivery;
import dev.ota.platform.outbox.Outbox;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replays chosen dead letters of this service through the consumers that refused them, after a fix. Each record is
 * handed to every consumer of its source topic exactly as the binding would hand it (same payload and headers, the
 * source topic, partition, offset and key), so it takes the same path: decoding, the inbox (an event a consumer has
 * applied changes nothing: replaying twice applies once), the handler, and dead-lettering. A record refused again is
 * a new dead letter with the new reason; one that fails transiently (the database away) is not dead-lettered again and
 * may be replayed later. Every replay is recorded as {@link DeadLettersReplayed} through the outbox, for the audit log.
 */
public class DeadLetterReplay {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterReplay.class);

    /** What became of a record; for several consumers, the first in this order that any of them reports. */
    public enum Outcome {
        /** Refused again: a new dead letter with the new reason. */
        DEAD_LETTERED,
        /** Failed transiently (database or Kafka away); not dead-lettered again, replay it later. */
        FAILED_TRANSIENTLY,
        APPLIED,
        /** Every consumer that handles it had applied it already: nothing changed. */
        ALREADY_APPLIED,
        /** No consumer of the service handles its type. */
        NOT_HANDLED,
        /** No record at that position of the dead-letter topic (never written, or past its retention). */
        NOT_FOUND,
        /** Another service dead-lettered it (it shares the dead-letter topic); only that service replays it. */
        NOT_THIS_SERVICE
    }

    /** What one consumer made of a replayed record. */
    public record ConsumerOutcome(
            String consumer, Outcome outcome, @Nullable String detail) {}

    /**
     * One record asked for.
     *
     * @param letter the dead letter, null when not found
     * @param detail the reason of a refusal or failure
     */
    public record Replayed(
            Position position,
            @Nullable DeadLetter letter,
            Outcome outcome,
            @Nullable String detail,
            List<ConsumerOutcome> consumers) {}

    private final String service;
    private final String operationsTopic;
    private final DeadLetterReader reader;
    private final ReplayableConsumers consumers;
    private final DeadLetters deadLetters;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public DeadLetterReplay(
            String service,
            String operationsTopic,
            DeadLetterReader reader,
            ReplayableConsumers consumers,
            DeadLetters deadLetters,
            Outbox outbox,
            TransactionTemplate transactions,
            Clock clock) {
        this.service = service;
        this.operationsTopic = operationsTopic;
        this.reader = reader;
        this.consumers = consumers;
        this.deadLetters = deadLetters;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Whether this service has consumers of the topic a replay can call. */
    public boolean replays(String topic) {
        return !consumers.of(topic).isEmpty();
    }

    /**
     * Replays the dead letters at the given positions of {@code <topic>.dlq}, in the order given, and records the
     * replay for the audit log.
     *
     * @param replayedBy who asked
     */
    public List<Replayed> replay(String topic, List<Position> positions, String replayedBy) {
        List<InboundConsumer> targets = consumers.of(topic);
        Map<Position, DeadLetter> letters = reader.read(Topics.deadLetter(topic), positions);
        List<Replayed> results = new ArrayList<>();
        for (Position position : positions) {
            DeadLetter letter = letters.get(position);
            if (letter == null) {
                results.add(new Replayed(position, null, Outcome.NOT_FOUND, null, List.of()));
            } else if (!letter.consumer().equals(service)) {
                results.add(new Replayed(
                        position,
                        letter,
                        Outcome.NOT_THIS_SERVICE,
                        "dead-lettered by " + letter.consumer(),
                        List.of()));
            } else {
                results.add(replay(topic, letter, targets));
            }
        }
        record(topic, replayedBy, results);
        return results;
    }

    private Replayed replay(String topic, DeadLetter letter, List<InboundConsumer> targets) {
        Message<byte[]> message = messageOf(topic, letter);
        List<ConsumerOutcome> outcomes = new ArrayList<>();
        for (InboundConsumer consumer : targets) {
            outcomes.add(deliver(consumer, topic, letter, message));
        }
        ConsumerOutcome first = outcomes.stream()
                .min(Comparator.comparing(ConsumerOutcome::outcome))
                .orElse(new ConsumerOutcome(service, Outcome.NOT_HANDLED, null));
        return new Replayed(letter.position(), letter, first.outcome(), first.detail(), outcomes);
    }

    private ConsumerOutcome deliver(
            InboundConsumer consumer, String topic, DeadLetter letter, Message<byte[]> message) {
        try {
            return switch (consumer.deliver(message)) {
                case Delivery.Applied applied -> new ConsumerOutcome(consumer.name(), Outcome.APPLIED, null);
                case Delivery.AlreadyApplied already ->
                    new ConsumerOutcome(consumer.name(), Outcome.ALREADY_APPLIED, null);
                case Delivery.NotHandled skipped -> new ConsumerOutcome(consumer.name(), Outcome.NOT_HANDLED, null);
                // the consumer dead-lettered it again, with the refusal as the new reason
                case Delivery.DeadLettered(String reason) ->
                    new ConsumerOutcome(consumer.name(), Outcome.DEAD_LETTERED, reason);
            };
        } catch (RuntimeException failure) {
            String cause = FailureClassifier.describe(failure);
            return switch (FailureClassifier.classify(failure)) {
                case TRANSIENT -> new ConsumerOutcome(consumer.name(), Outcome.FAILED_TRANSIENTLY, cause);
                case PERMANENT -> deadLetterAgain(consumer, topic, letter, "permanent: " + cause);
                case UNCLASSIFIED -> deadLetterAgain(consumer, topic, letter, "unclassified, on replay: " + cause);
            };
        }
    }

    private ConsumerOutcome deadLetterAgain(InboundConsumer consumer, String topic, DeadLetter letter, String reason) {
        deadLetters.send(topic, letter.key(), letter.value(), letter.sourcePosition(), reason);
        return new ConsumerOutcome(consumer.name(), Outcome.DEAD_LETTERED, reason);
    }

    /** The record as its binding delivered it: payload, its own headers, and where it was read. */
    private static Message<byte[]> messageOf(String topic, DeadLetter letter) {
        MessageBuilder<byte[]> message = MessageBuilder.withPayload(letter.value());
        letter.originalHeaders()
                .forEach((name, value) -> message.setHeader(name, value.getBytes(StandardCharsets.UTF_8)));
        message.setHeader(KafkaHeaders.RECEIVED_TOPIC, topic);
        if (letter.key() != null) {
            message.setHeader(KafkaHeaders.RECEIVED_KEY, letter.key());
        }
        try {
            Position source = Position.parse(letter.sourcePosition());
            message.setHeader(KafkaHeaders.RECEIVED_PARTITION, source.partition());
            message.setHeader(KafkaHeaders.OFFSET, source.offset());
        } catch (IllegalArgumentException notAKafkaPosition) {
            message.setHeader(KafkaHeaders.RECEIVED_PARTITION, letter.sourcePosition());
        }
        return message.build();
    }

    /** The audit record, committed on its own after the replay (each consumer committed its own transaction). */
    private void record(String topic, String replayedBy, List<Replayed> results) {
        List<DeadLettersReplayed.Record> records = results.stream()
                .map(r -> new DeadLettersReplayed.Record(
                        r.position().toString(),
                        r.letter() == null ? null : r.letter().sourcePosition(),
                        r.letter() == null ? null : r.letter().eventId().orElse(null),
                        r.letter() == null ? null : r.letter().eventType(),
                        r.outcome().name(),
                        r.detail()))
                .toList();
        DeadLettersReplayed event = new DeadLettersReplayed(
                UUID.randomUUID(),
                clock.instant(),
                service,
                operationsTopic,
                Topics.deadLetter(topic),
                replayedBy,
                records);
        transactions.executeWithoutResult(status -> outbox.publish(event));
        log.info(
                "{} replayed {} dead letter(s) of {}: {}",
                replayedBy,
                records.size(),
                Topics.deadLetter(topic),
                records.stream().map(r -> r.position() + " " + r.outcome()).toList());
    }
}

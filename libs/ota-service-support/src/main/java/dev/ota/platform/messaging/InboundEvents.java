package dev.ota.platform.messaging;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.platform.tracing.TracePropagation;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds the Spring Cloud Stream consumers of a service. Each consumer decodes the record, dead-letters what can never
 * be processed (malformed, or rejected by the handler with {@link MalformedEventException}), skips event types it does
 * not handle, and applies each event id at most once: the inbox row and the handler's changes (and any outbox events)
 * commit together. Other failures propagate to the container's error handler ({@link ConsumerFailures}): a transient
 * one (database or Kafka away) is retried without limit, a permanent one (a constraint violated) is dead-lettered at
 * once, with the same headers as here.
 */
public class InboundEvents {

    private final DeadLetters deadLetters;
    private final @Nullable Inbox inbox;
    private final @Nullable TransactionTemplate transactions;
    private final TracePropagation tracing;

    public InboundEvents(DeadLetters deadLetters, @Nullable Inbox inbox, @Nullable TransactionTemplate transactions) {
        this(deadLetters, inbox, transactions, TracePropagation.disabled());
    }

    /** With tracing: each handled record continues the trace its producer started. */
    public InboundEvents(
            DeadLetters deadLetters,
            @Nullable Inbox inbox,
            @Nullable TransactionTemplate transactions,
            TracePropagation tracing) {
        this.deadLetters = deadLetters;
        this.inbox = inbox;
        this.transactions = transactions;
        this.tracing = tracing;
    }

    /**
     * A consumer that applies each event at most once, inside one database transaction.
     *
     * @param consumer a stable name for this consumer (the dedupe scope)
     * @param type the events it handles; other events on the same topic are skipped
     */
    public <E extends OtaEvent> Consumer<Message<byte[]>> idempotent(
            String consumer, Class<E> type, Consumer<? super E> handler) {
        if (inbox == null || transactions == null) {
            throw new IllegalStateException("idempotent consumers need the service's database");
        }
        return message -> decode(message, type)
                .ifPresent(event -> tracing.continueTrace(consumer + " " + event.type(), header(message), () -> {
                    try {
                        transactions.executeWithoutResult(status -> {
                            if (inbox.firstDelivery(consumer, event.eventId())) {
                                handler.accept(event);
                            }
                        });
                    } catch (MalformedEventException rejected) {
                        deadLetter(message, rejected.getMessage());
                    }
                }));
    }

    /** A consumer without deduplication, for stateless services whose effect is itself at-least-once. */
    public <E extends OtaEvent> Consumer<Message<byte[]>> stateless(Class<E> type, Consumer<? super E> handler) {
        return message -> decode(message, type)
                .ifPresent(event -> tracing.continueTrace("consume " + event.type(), header(message), () -> {
                    try {
                        handler.accept(event);
                    } catch (MalformedEventException rejected) {
                        deadLetter(message, rejected.getMessage());
                    }
                }));
    }

    /** Header lookup for trace extraction; Kafka headers arrive as bytes or strings. */
    private static Function<String, @Nullable String> header(Message<byte[]> message) {
        return name -> switch (message.getHeaders().get(name)) {
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            case String text -> text;
            case null, default -> null;
        };
    }

    private <E extends OtaEvent> Optional<E> decode(Message<byte[]> message, Class<E> type) {
        Optional<OtaEvent> decoded;
        try {
            decoded = EventCodec.decode(message.getPayload());
        } catch (MalformedEventException malformed) {
            deadLetter(message, malformed.getMessage());
            return Optional.empty();
        }
        return decoded.filter(type::isInstance).map(type::cast);
    }

    private void deadLetter(Message<byte[]> message, @Nullable String reason) {
        MessageHeaders headers = message.getHeaders();
        String topic = String.valueOf(headers.get(KafkaHeaders.RECEIVED_TOPIC));
        Object key = headers.get(KafkaHeaders.RECEIVED_KEY);
        String position = headers.get(KafkaHeaders.RECEIVED_PARTITION) + ":" + headers.get(KafkaHeaders.OFFSET);
        deadLetters.send(
                topic,
                key == null ? null : key instanceof byte[] bytes ? new String(bytes) : key.toString(),
                message.getPayload(),
                position,
                reason == null ? "rejected" : reason);
    }
}

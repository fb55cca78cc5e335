package dev.ota.platform.messaging;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.platform.messaging.InboundConsumer.Delivery;
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
 * once, with the same headers as here. A dead-letter replay calls the same consumers ({@link InboundConsumer#deliver}).
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
    public <E extends OtaEvent> InboundConsumer idempotent(
            String consumer, Class<E> type, Consumer<? super E> handler) {
        Inbox inbox = this.inbox;
        TransactionTemplate transactions = this.transactions;
        if (inbox == null || transactions == null) {
            throw new IllegalStateException("idempotent consumers need the service's database");
        }
        return new InboundConsumer(consumer, true, message -> switch (decode(message, type)) {
            case Decoded.Refused<E>(String reason) -> new Delivery.DeadLettered(reason);
            case Decoded.Other<E> other -> new Delivery.NotHandled();
            case Decoded.Event<E>(E event) ->
                tracing.continueTrace(consumer + " " + event.type(), header(message), () -> {
                    try {
                        Boolean applied = transactions.execute(status -> {
                            if (!inbox.firstDelivery(consumer, event.eventId())) {
                                return false;
                            }
                            handler.accept(event);
                            return true;
                        });
                        return Boolean.TRUE.equals(applied) ? new Delivery.Applied() : new Delivery.AlreadyApplied();
                    } catch (MalformedEventException rejected) {
                        return new Delivery.DeadLettered(deadLetter(message, rejected.getMessage()));
                    }
                });
        });
    }

    /** A consumer without deduplication, for stateless services whose effect is itself at-least-once. */
    public <E extends OtaEvent> InboundConsumer stateless(Class<E> type, Consumer<? super E> handler) {
        return new InboundConsumer("stateless " + type.getSimpleName(), false, message -> switch (decode(
                message, type)) {
            case Decoded.Refused<E>(String reason) -> new Delivery.DeadLettered(reason);
            case Decoded.Other<E> other -> new Delivery.NotHandled();
            case Decoded.Event<E>(E event) ->
                tracing.continueTrace("consume " + event.type(), header(message), () -> {
                    try {
                        handler.accept(event);
                        return new Delivery.Applied();
                    } catch (MalformedEventException rejected) {
                        return new Delivery.DeadLettered(deadLetter(message, rejected.getMessage()));
                    }
                });
        });
    }

    /** Header lookup for trace extraction; Kafka headers arrive as bytes or strings. */
    private static Function<String, @Nullable String> header(Message<byte[]> message) {
        return name -> switch (message.getHeaders().get(name)) {
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            case String text -> text;
            case null, default -> null;
        };
    }

    /** A record, decoded: an event of the consumer's type, another event (or an unknown type), or refused. */
    private sealed interface Decoded<E> {
        record Event<E>(E event) implements Decoded<E> {}

        record Other<E>() implements Decoded<E> {}

        /** Not an event; already dead-lettered with this reason. */
        record Refused<E>(String reason) implements Decoded<E> {}
    }

    private <E extends OtaEvent> Decoded<E> decode(Message<byte[]> message, Class<E> type) {
        Optional<OtaEvent> decoded;
        try {
            decoded = EventCodec.decode(message.getPayload());
        } catch (MalformedEventException malformed) {
            return new Decoded.Refused<>(deadLetter(message, malformed.getMessage()));
        }
        return decoded.filter(type::isInstance)
                .<Decoded<E>>map(event -> new Decoded.Event<>(type.cast(event)))
                .orElseGet(Decoded.Other::new);
    }

    /** Dead-letters the record; answers the reason given. */
    private String deadLetter(Message<byte[]> message, @Nullable String refusal) {
        String reason = refusal == null ? "rejected" : refusal;
        MessageHeaders headers = message.getHeaders();
        String topic = String.valueOf(headers.get(KafkaHeaders.RECEIVED_TOPIC));
        Object key = headers.get(KafkaHeaders.RECEIVED_KEY);
        String position = headers.get(KafkaHeaders.RECEIVED_PARTITION) + ":" + headers.get(KafkaHeaders.OFFSET);
        deadLetters.send(
                topic,
                key == null ? null : key instanceof byte[] bytes ? new String(bytes) : key.toString(),
                message.getPayload(),
                position,
                reason);
        return reason;
    }
}

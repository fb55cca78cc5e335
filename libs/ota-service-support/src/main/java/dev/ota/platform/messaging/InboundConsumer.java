package dev.ota.platform.messaging;

import java.util.function.Consumer;
import org.springframework.messaging.Message;

/**
 * A consumer built by {@link InboundEvents}: what a binding calls for each record, and what a dead-letter replay calls
 * for a record taken back from {@code <topic>.dlq}, so a replayed record takes exactly the path it took the first time
 * (decoding, deduplication in the inbox, the handler, dead-lettering with the reason headers).
 */
public final class InboundConsumer implements Consumer<Message<byte[]>> {

    /** What became of one record. */
    public sealed interface Delivery {

        /** The handler ran and its transaction committed. */
        record Applied() implements Delivery {}

        /** This consumer had applied the event before (its inbox holds the event id); nothing changed. */
        record AlreadyApplied() implements Delivery {}

        /** Not an event type this consumer handles (or a type this build does not know); skipped. */
        record NotHandled() implements Delivery {}

        /** Malformed, or refused by the handler: sent to {@code <topic>.dlq} with this reason. */
        record DeadLettered(String reason) implements Delivery {}
    }

    /** How a record is processed; failures other than a refusal propagate. */
    interface Processing {
        Delivery process(Message<byte[]> message);
    }

    private final String name;
    private final boolean deduplicated;
    private final Processing processing;

    InboundConsumer(String name, boolean deduplicated, Processing processing) {
        this.name = name;
        this.deduplicated = deduplicated;
        this.processing = processing;
    }

    /** The consumer's name: the scope of its inbox rows ({@code inbox_event.consumer}). */
    public String name() {
        return name;
    }

    /** Whether it applies each event id once (an inbox); a stateless consumer applies a replayed event again. */
    public boolean deduplicated() {
        return deduplicated;
    }

    @Override
    public void accept(Message<byte[]> message) {
        processing.process(message);
    }

    /**
     * Processes one record and says what became of it.
     *
     * @throws RuntimeException any failure other than a refusal (the database away, a constraint violated, a bug), as
     *     the container's error handler would see it
     */
    public Delivery deliver(Message<byte[]> message) {
        return processing.process(message);
    }
}

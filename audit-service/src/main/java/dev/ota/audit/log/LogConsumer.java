package dev.ota.audit.log;

import dev.ota.platform.messaging.BatchFailures;
import dev.ota.platform.messaging.BatchMessage;
import dev.ota.platform.messaging.Polled;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.messaging.Message;

/**
 * Consumes the records of one Kafka poll from any platform topic (batch mode, native decoding: the payloads are the
 * record values as bytes, the topic, key, partition and offset headers lists in the same order; read by {@link
 * BatchMessage}) and appends them in one transaction. The bytes are kept exactly as received (the leaf is their hash); what is not an event goes to
 * {@code <topic>.dlq} and never stops the log. Failures are the shared batch handling's ({@link BatchFailures}): a poll
 * the database cannot take now (an outage) is retried whole until it can, never dead-lettered; a poll the database
 * refuses for good is appended one event at a time, so that only the event it refuses goes to {@code <topic>.dlq} and
 * the log moves on. Appending is idempotent by event id, so a poll appended again after a failure, whole or event by
 * event, appends nothing twice; offsets are committed only after the append has committed.
 */
final class LogConsumer implements Consumer<Message<List<byte[]>>> {

    /** Never used with a Kafka binder, which names every record's topic. */
    private static final String UNKNOWN_TOPIC = "unknown";

    private final AuditLog log;
    private final BatchFailures failures;

    LogConsumer(AuditLog log, BatchFailures failures) {
        this.log = log;
        this.failures = failures;
    }

    @Override
    public void accept(Message<List<byte[]>> message) {
        List<Polled<ReceivedEvent>> poll = BatchMessage.poll(
                message,
                UNKNOWN_TOPIC,
                origin -> Optional.of(ReceivedEvent.parse(origin.topic(), origin.key(), origin.payload())));
        failures.consume(poll, log::append);
    }
}

package dev.ota.audit.log;

import dev.ota.contracts.MalformedEventException;
import dev.ota.platform.messaging.BatchFailures;
import dev.ota.platform.messaging.Polled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * Consumes the records of one Kafka poll from any platform topic (batch mode, native decoding: the payloads are the
 * record values as bytes, the topic, key, partition and offset headers lists in the same order) and appends them in
 * one transaction. The bytes are kept exactly as received (the leaf is their hash); what is not an event goes to
 * {@code <topic>.dlq} and never stops the log. Failures are the shared batch handling's ({@link BatchFailures}): a poll
 * the database cannot take now (an outage) is retried whole until it can, never dead-lettered; a poll the database
 * refuses for good is appended one event at a time, so that only the event it refuses goes to {@code <topic>.dlq} and
 * the log moves on. Appending is idempotent by event id, so a poll appended again after a failure, whole or event by
 * event, appends nothing twice; offsets are committed only after the append has committed.
 */
final class LogConsumer implements Consumer<Message<List<byte[]>>> {

    private final AuditLog log;
    private final BatchFailures failures;

    LogConsumer(AuditLog log, BatchFailures failures) {
        this.log = log;
        this.failures = failures;
    }

    @Override
    public void accept(Message<List<byte[]>> message) {
        MessageHeaders headers = message.getHeaders();
        List<byte[]> payloads = message.getPayload();
        List<?> topics = list(headers, KafkaHeaders.RECEIVED_TOPIC, payloads.size());
        List<?> keys = list(headers, KafkaHeaders.RECEIVED_KEY, payloads.size());
        List<?> partitions = list(headers, KafkaHeaders.RECEIVED_PARTITION, payloads.size());
        List<?> offsets = list(headers, KafkaHeaders.OFFSET, payloads.size());
        List<Polled<ReceivedEvent>> poll = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            String topic = String.valueOf(topics.get(i));
            String key = text(keys.get(i));
            byte[] payload = payloads.get(i);
            Polled.Origin origin =
                    new Polled.Origin(i, topic, (int) number(partitions.get(i)), number(offsets.get(i)), key, payload);
            try {
                poll.add(new Polled.Decoded<>(origin, ReceivedEvent.parse(topic, key, payload)));
            } catch (MalformedEventException malformed) {
                String reason = malformed.getMessage();
                poll.add(new Polled.Refused<>(origin, reason == null ? "not an event" : reason));
            }
        }
        failures.consume(poll, log::append);
    }

    /** A partition or offset header; -1 when absent (never from the binder, which sets both for every record). */
    private static long number(@Nullable Object header) {
        return header instanceof Number n ? n.longValue() : -1;
    }

    /** A per-record header of a batch; a list of nulls when the header is absent (a record without a key). */
    private static List<?> list(MessageHeaders headers, String name, int size) {
        Object value = headers.get(name);
        if (value instanceof List<?> list && list.size() == size) {
            return list;
        }
        List<@Nullable Object> none = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            none.add(null);
        }
        return none;
    }

    private static @Nullable String text(@Nullable Object key) {
        if (key == null) {
            return null;
        }
        return key instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : key.toString();
    }
}

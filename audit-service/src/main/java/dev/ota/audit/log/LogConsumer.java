package dev.ota.audit.log;

import dev.ota.contracts.MalformedEventException;
import dev.ota.platform.messaging.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * Consumes the records of one Kafka poll from any platform topic (batch mode, native decoding: the payloads are the
 * record values as bytes, the topic, key, partition and offset headers lists in the same order) and appends them in
 * one transaction. The bytes are kept exactly as received (the leaf is their hash); what is not an event goes to
 * {@code <topic>.dlq} and never stops the log. Appending is idempotent by event id, so a batch redelivered after a
 * failure is not appended twice; a batch that cannot be stored is retried whole until it can (see
 * {@link LogRetryConfiguration}), and offsets are committed only after the append has committed.
 */
final class LogConsumer implements Consumer<Message<List<byte[]>>> {

    private static final Logger logger = LoggerFactory.getLogger(LogConsumer.class);

    private final AuditLog log;
    private final DeadLetters deadLetters;

    LogConsumer(AuditLog log, DeadLetters deadLetters) {
        this.log = log;
        this.deadLetters = deadLetters;
    }

    private record Poison(String topic, @Nullable String key, byte[] payload, String position, String reason) {}

    @Override
    public void accept(Message<List<byte[]>> message) {
        MessageHeaders headers = message.getHeaders();
        List<byte[]> payloads = message.getPayload();
        List<?> topics = list(headers, KafkaHeaders.RECEIVED_TOPIC, payloads.size());
        List<?> keys = list(headers, KafkaHeaders.RECEIVED_KEY, payloads.size());
        List<?> partitions = list(headers, KafkaHeaders.RECEIVED_PARTITION, payloads.size());
        List<?> offsets = list(headers, KafkaHeaders.OFFSET, payloads.size());
        List<ReceivedEvent> events = new ArrayList<>(payloads.size());
        List<Poison> poison = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            String topic = String.valueOf(topics.get(i));
            String key = text(keys.get(i));
            byte[] payload = payloads.get(i);
            try {
                events.add(ReceivedEvent.parse(topic, key, payload));
            } catch (MalformedEventException malformed) {
                String reason = malformed.getMessage();
                poison.add(new Poison(
                        topic,
                        key,
                        payload,
                        partitions.get(i) + ":" + offsets.get(i),
                        reason == null ? "not an event" : reason));
            }
        }
        try {
            log.append(events);
        } catch (RuntimeException e) {
            logger.warn("could not append a batch of {} events; it will be retried", events.size(), e);
            throw e;
        }
        poison.forEach(p -> deadLetters.send(p.topic(), p.key(), p.payload(), p.position(), p.reason()));
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

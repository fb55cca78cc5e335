package dev.ota.audit.log;

import dev.ota.contracts.MalformedEventException;
import dev.ota.platform.messaging.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * Consumes one record from any platform topic. The bytes are kept exactly as received (the leaf is their hash); what
 * is not an event goes to {@code <topic>.dlq} and never stops the log. Appending is idempotent by event id, so a record
 * redelivered after a failure is not appended twice.
 */
final class LogConsumer implements Consumer<Message<byte[]>> {

    private static final Logger logger = LoggerFactory.getLogger(LogConsumer.class);

    private final AuditLog log;
    private final DeadLetters deadLetters;

    LogConsumer(AuditLog log, DeadLetters deadLetters) {
        this.log = log;
        this.deadLetters = deadLetters;
    }

    @Override
    public void accept(Message<byte[]> message) {
        MessageHeaders headers = message.getHeaders();
        String topic = String.valueOf(headers.get(KafkaHeaders.RECEIVED_TOPIC));
        String key = text(headers.get(KafkaHeaders.RECEIVED_KEY));
        byte[] payload = message.getPayload();
        ReceivedEvent event;
        try {
            event = ReceivedEvent.parse(topic, key, payload);
        } catch (MalformedEventException malformed) {
            String position = headers.get(KafkaHeaders.RECEIVED_PARTITION) + ":" + headers.get(KafkaHeaders.OFFSET);
            String reason = malformed.getMessage();
            deadLetters.send(topic, key, payload, position, reason == null ? "not an event" : reason);
            return;
        }
        try {
            log.append(List.of(event));
        } catch (RuntimeException e) {
            logger.warn("could not append event {} from {}; it will be retried", event.eventId(), topic, e);
            throw e;
        }
    }

    private static @Nullable String text(@Nullable Object key) {
        if (key == null) {
            return null;
        }
        return key instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : key.toString();
    }
}

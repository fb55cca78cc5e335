package dev.ota.platform.messaging;

import dev.ota.contracts.Headers;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The one way an event becomes a Kafka record: keyed as its contract says, with the {@link Headers#EVENT_TYPE} and
 * {@link Headers#EVENT_ID} headers every consumer reads to decode and to deduplicate. Used by the outbox relay, the
 * gateway's uplink and its fleet CA audit outbox.
 */
public final class EventRecords {

    private EventRecords() {}

    public static ProducerRecord<String, byte[]> of(
            String topic, String key, byte[] payload, String eventType, UUID eventId) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, payload);
        record.headers()
                .add(Headers.EVENT_TYPE, eventType.getBytes(StandardCharsets.UTF_8))
                .add(Headers.EVENT_ID, eventId.toString().getBytes(StandardCharsets.UTF_8));
        return record;
    }
}

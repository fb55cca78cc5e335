package dev.ota.health;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.Headers;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.testsupport.KafkaTestClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends many events through one producer (a producer per event, as KafkaTestClient does, is too slow for fleets). */
public final class Events {

    private static KafkaProducer<String, byte[]> producer;

    private Events() {}

    public static synchronized void send(List<? extends OtaEvent> events) {
        if (producer == null) {
            producer = new KafkaProducer<>(KafkaTestClient.harness(Map.of(
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class,
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.LINGER_MS_CONFIG,
                    5)));
        }
        for (OtaEvent event : events) {
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(event.topic(), event.key(), EventCodec.encode(event));
            record.headers().add(Headers.EVENT_TYPE, event.type().getBytes(StandardCharsets.UTF_8));
            producer.send(record);
        }
        try {
            producer.flush();
            producer.partitionsFor(events.getFirst().topic()).size();
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not send", e);
        }
    }

    public static void send(OtaEvent... events) {
        send(List.of(events));
    }

    static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.ota.platform.messaging;

import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sends a message that can never be processed to {@code <topic>.dlq}, unchanged, with the reason and its origin in
 * headers. The send is confirmed before the consumer moves on, so nothing is lost. It goes through the service's
 * observed template, so a dead letter also carries the trace of the work that refused the record.
 */
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final String consumerName;
    private final MeterRegistry meters;

    public DeadLetters(KafkaTemplate<String, byte[]> kafka, String consumerName, MeterRegistry meters) {
        this.kafka = kafka;
        this.consumerName = consumerName;
        this.meters = meters;
    }

    /**
     * Dead-letters one message.
     *
     * @param sourceTopic where it was read (or, for a gateway, the Kafka topic it was meant for)
     * @param position where it was read, e.g. {@code 3:1042}, or an MQTT topic
     */
    public void send(String sourceTopic, @Nullable String key, byte[] payload, String position, String reason) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.deadLetter(sourceTopic), key, payload);
        record.headers()
                .add(Headers.DEAD_LETTER_REASON, utf8(reason))
                .add(Headers.DEAD_LETTER_SOURCE_TOPIC, utf8(sourceTopic))
                .add(Headers.DEAD_LETTER_SOURCE_POSITION, utf8(position))
                .add(Headers.DEAD_LETTER_CONSUMER, utf8(consumerName));
        try {
            kafka.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw new IllegalStateException("could not dead-letter a message from " + sourceTopic, e);
        }
        Counter.builder("ota.dead_letters")
                .description("messages sent to a dead-letter topic")
                .tag("topic", sourceTopic)
                .register(meters)
                .increment();
        log.warn("dead-lettered a message from {} at {}: {}", sourceTopic, position, reason);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}

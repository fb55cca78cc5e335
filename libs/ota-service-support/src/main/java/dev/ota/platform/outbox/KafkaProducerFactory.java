package dev.ota.platform.outbox;

import dev.ota.platform.kafka.KafkaClientSecurity;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.core.env.Environment;

/**
 * The platform's producer settings: idempotent, acknowledged by all in-sync replicas, ordered per partition. Batches
 * of up to 256 KiB per partition (Kafka's default is 16 KiB): the outbox relay hands Kafka a page of hundreds of events
 * at once, and with small batches the page is split into many requests of which only five may be in flight.
 */
public final class KafkaProducerFactory {

    /**
     * How long the producer keeps a record (retries included) before it fails the send: until then a record sent while
     * Kafka is away is still delivered once it is back. The outbox relay waits longer than this for its acknowledgements.
     */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    private KafkaProducerFactory() {}

    public static Producer<String, byte[]> create(Environment environment) {
        String servers = environment.getProperty("spring.kafka.bootstrap-servers", "localhost:9092");
        String client = environment.getProperty("spring.application.name", "ota") + "-producer";
        Map<String, Object> config = new HashMap<>(KafkaClientSecurity.requireComplete(environment));
        config.putAll(Map.ofEntries(
                Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
                Map.entry(ProducerConfig.CLIENT_ID_CONFIG, client),
                Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
                Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                Map.entry(ProducerConfig.LINGER_MS_CONFIG, 5),
                Map.entry(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                Map.entry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5),
                Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000),
                Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis()),
                Map.entry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class),
                Map.entry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
        return new KafkaProducer<>(config);
    }
}

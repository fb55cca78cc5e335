package dev.ota.platform.outbox;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.core.env.Environment;

/** The platform's producer settings: idempotent, acknowledged by all in-sync replicas, ordered per partition. */
public final class KafkaProducerFactory {

    private KafkaProducerFactory() {}

    public static Producer<String, byte[]> create(Environment environment) {
        String servers = environment.getProperty("spring.kafka.bootstrap-servers", "localhost:9092");
        String client = environment.getProperty("spring.application.name", "ota") + "-producer";
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers,
                ProducerConfig.CLIENT_ID_CONFIG,
                client,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                5,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                15_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                30_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
    }
}

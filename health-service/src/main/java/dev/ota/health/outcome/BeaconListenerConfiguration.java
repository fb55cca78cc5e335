package dev.ota.health.outcome;

import dev.ota.contracts.Topics;
import dev.ota.platform.messaging.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The beacon input: a plain Spring Kafka batch listener on {@code ota.vehicle.health}, in the service's consumer group,
 * instead of a Spring Cloud Stream binding. It hands {@link BeaconBatches} the poll's {@link ConsumerRecord}s as they
 * are (no per-record message and header conversion), and its error handler is the one a batch needs: a failure that
 * names its record ({@code BatchListenerFailedException}) commits the records before it, retries from it twice, then
 * dead-letters that record alone to {@code ota.vehicle.health.dlq} and carries on with the rest.
 */
@Configuration(proxyBeanMethods = false)
class BeaconListenerConfiguration {

    @Bean
    BeaconBatches beaconBatches(
            AssignmentOutcomes outcomes, BeaconGate gate, DeadLetters deadLetters, MeterRegistry meters) {
        return new BeaconBatches(outcomes, gate, deadLetters, meters);
    }

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> healthBeaconListener(
            KafkaProperties kafka,
            OutcomeProperties properties,
            BeaconBatches batches,
            DeadLetters deadLetters,
            @Value("${spring.application.name}") String group) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.beaconBatchSize());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        ContainerProperties container = new ContainerProperties(Topics.VEHICLE_HEALTH);
        container.setGroupId(group);
        container.setClientId(group + "-beacons");
        container.setMessageListener((BatchMessageListener<String, byte[]>) batches::accept);
        ConcurrentMessageListenerContainer<String, byte[]> listener = new ConcurrentMessageListenerContainer<>(
                new DefaultKafkaConsumerFactory<String, byte[]>(config), container);
        listener.setConcurrency(properties.beaconConsumers());
        DefaultErrorHandler errors = new DefaultErrorHandler(
                (record, failure) -> deadLetter(deadLetters, record, failure), new FixedBackOff(500, 2));
        errors.setLogLevel(KafkaException.Level.WARN); // a retry of a named record, not a stalled consumer
        listener.setCommonErrorHandler(errors);
        return listener;
    }

    private static void deadLetter(DeadLetters deadLetters, ConsumerRecord<?, ?> record, Exception failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        deadLetters.send(
                record.topic(),
                record.key() == null ? null : record.key().toString(),
                record.value() instanceof byte[] bytes ? bytes : new byte[0],
                record.partition() + ":" + record.offset(),
                String.valueOf(cause.getMessage()));
    }
}

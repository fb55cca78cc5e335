package dev.ota.health.outcome;

import dev.ota.contracts.Topics;
import dev.ota.platform.messaging.BatchFailures;
import dev.ota.platform.messaging.ConsumerFailures;
import dev.ota.platform.messaging.ConsumerRetryProperties;
import dev.ota.platform.messaging.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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

/**
 * The beacon input: a plain Spring Kafka batch listener on {@code ota.vehicle.health}, in the service's consumer group,
 * instead of a Spring Cloud Stream binding. It hands {@link BeaconBatches} the poll's records as they are (no
 * per-record message and header conversion). Failures are handled as for every batch consumer of the platform ({@code
 * BatchFailures} in the listener, {@code ConsumerFailures} as the container's error handler): a poll that fails
 * transiently (the database away) is retried whole without limit and never dead-lettered; one that fails for good is
 * applied beacon by beacon, and only the beacon that fails for good goes to {@code ota.vehicle.health.dlq}.
 */
@Configuration(proxyBeanMethods = false)
class BeaconListenerConfiguration {

    @Bean
    BeaconBatches beaconBatches(
            AssignmentOutcomes outcomes,
            BeaconGate gate,
            DeadLetters deadLetters,
            BatchFailures failures,
            MeterRegistry meters) {
        return new BeaconBatches(outcomes, gate, deadLetters, failures, meters);
    }

    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> healthBeaconListener(
            KafkaProperties kafka,
            OutcomeProperties properties,
            BeaconBatches batches,
            DeadLetters deadLetters,
            MeterRegistry meters,
            ConsumerRetryProperties retry,
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
        // the platform's error handler: a poll that failed transiently (the database away) is retried whole without
        // limit, the poll a split stopped at is retried from the beacon it names (ConsumerFailures,
        // ota-service-support)
        DefaultErrorHandler errors = ConsumerFailures.errorHandler(group, deadLetters, meters, retry, null);
        errors.setLogLevel(KafkaException.Level.WARN); // a retry, not a stalled consumer
        listener.setCommonErrorHandler(errors);
        return listener;
    }
}

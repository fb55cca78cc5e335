package dev.ota.systemtests;

import dev.ota.contracts.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads whole topics of the platform's Kafka without a consumer group: what reached the broker, including copies that
 * consumers deduplicate and the audit log therefore never shows.
 */
final class KafkaTopics {

    private KafkaTopics() {}

    /** Records per event-id header on the topic, of the records whose JSON payload matches. */
    static Map<String, Long> copiesPerEventId(String bootstrap, String topic, Predicate<String> payload) {
        Map<String, Long> copies = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end in a minute");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Header eventId = record.headers().lastHeader(Headers.EVENT_ID);
                    if (eventId != null && payload.test(new String(record.value(), StandardCharsets.UTF_8))) {
                        copies.merge(new String(eventId.value(), StandardCharsets.UTF_8), 1L, Long::sum);
                    }
                }
            }
        }
        return copies;
    }
}

package dev.ota.systemtests;

import dev.ota.contracts.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;

/**
 * Reads whole topics of the platform's Kafka without a consumer group: what reached the broker, including copies that
 * consumers deduplicate and the audit log therefore never shows.
 */
final class KafkaTopics {

    private KafkaTopics() {}

    /** Records per event-id header on the topic, of the records whose JSON payload matches. */
    static Map<String, Long> copiesPerEventId(String topic, Predicate<String> payload) {
        Map<String, Long> copies = new TreeMap<>();
        readToEnd(topic, record -> {
            String eventId = header(record, Headers.EVENT_ID);
            if (eventId != null && payload.test(new String(record.value(), StandardCharsets.UTF_8))) {
                copies.merge(eventId, 1L, Long::sum);
            }
        });
        return copies;
    }

    /**
     * Every record on the topic whose key is one of the keys, one line each: partition, offset, time, event type,
     * dead-letter reason when there is one, and the start of the payload. It reads the whole topic: meant for explaining a
     * failure, or for asserting about keys no other test uses (a test fleet's VINs).
     */
    static List<String> describeRecordsWithKeys(String topic, Set<String> keys) {
        List<String> lines = new ArrayList<>();
        readToEnd(topic, record -> {
            String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
            if (keys.contains(key)) {
                String payload = new String(record.value(), StandardCharsets.UTF_8);
                lines.add(topic + " " + record.partition() + ":" + record.offset() + " "
                        + Instant.ofEpochMilli(record.timestamp()) + " " + key + " "
                        + header(record, Headers.EVENT_TYPE) + " "
                        + header(record, Headers.DEAD_LETTER_REASON) + " "
                        + payload.substring(0, Math.min(payload.length(), 400)));
            }
        });
        return lines;
    }

    /** Every record on the topic with one of these keys, from the beginning to the end the topic has now. */
    static List<ConsumerRecord<byte[], byte[]>> records(String topic, Set<String> keys) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        readToEnd(topic, record -> {
            if (record.key() != null && keys.contains(new String(record.key(), StandardCharsets.UTF_8))) {
                records.add(record);
            }
        });
        return records;
    }

    /** Every record on the topic with this key, from the beginning to the end the topic has now. */
    static List<ConsumerRecord<byte[], byte[]>> records(String topic, String key) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        readToEnd(topic, record -> {
            if (record.key() != null && key.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                records.add(record);
            }
        });
        return records;
    }

    /**
     * Client settings of the local platform's Kafka operator (mutual TLS, a super user) plus {@code settings}: how a
     * test reads what reached the broker, or writes what no service would.
     */
    static Map<String, Object> operator(Map<String, Object> settings) {
        return as(RunningPlatform.get().kafkaOperatorProperties(), settings);
    }

    /** Client settings of one service principal plus {@code settings}: a test acting as that service. */
    static Map<String, Object> service(String principal, Map<String, Object> settings) {
        return as(RunningPlatform.get().kafkaClientProperties(principal), settings);
    }

    private static Map<String, Object> as(Map<String, String> identity, Map<String, Object> settings) {
        Map<String, Object> config = new java.util.HashMap<>(identity);
        config.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RunningPlatform.get().kafkaBootstrapServers());
        config.putAll(settings);
        return config;
    }

    /**
     * Where every partition of the topics ends now: a mark from which {@link #recordsSince} reads what arrives later.
     */
    static Map<TopicPartition, Long> endOffsets(List<String> topics) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic)
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            return Map.copyOf(consumer.endOffsets(partitions));
        }
    }

    /** Every record of the marked partitions, from the mark to the end each has now. */
    static List<ConsumerRecord<byte[], byte[]>> recordsSince(Map<TopicPartition, Long> mark) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(mark.keySet());
            mark.forEach(consumer::seek);
            readToEnds(consumer, mark.keySet(), records::add);
        }
        return records;
    }

    /** Hands every record of every partition, from the beginning to the end it has now, to the reader. */
    private static void readToEnd(String topic, Consumer<ConsumerRecord<byte[], byte[]>> reader) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            readToEnds(consumer, partitions, reader);
        }
    }

    private static void readToEnds(
            KafkaConsumer<byte[], byte[]> consumer,
            java.util.Collection<TopicPartition> partitions,
            Consumer<ConsumerRecord<byte[], byte[]>> reader) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + partitions + " to their end in a minute");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < ends.get(partition)) {
                    reader.accept(record);
                }
            });
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(operator(Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)));
    }

    static @Nullable String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

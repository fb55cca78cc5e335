package dev.ota.testsupport;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.OtaEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for tests: send raw or encoded records, and wait for records that match. */
public final class KafkaTestClient {

    private KafkaTestClient() {}

    /** Sends an event as a producing service would: key, JSON body, type and id headers. */
    public static void send(OtaEvent event) {
        send(event.topic(), event.key(), EventCodec.encode(event));
    }

    /** Sends raw bytes, e.g. a poison message. */
    public static void send(String topic, String key, byte[] value) {
        send(topic, key, value, Map.of());
    }

    /** Sends an event with extra record headers (e.g. a W3C {@code traceparent}). */
    public static void send(OtaEvent event, Map<String, String> headers) {
        send(event.topic(), event.key(), EventCodec.encode(event), headers);
    }

    /** Sends raw bytes with extra record headers. */
    public static void send(String topic, String key, byte[] value, Map<String, String> headers) {
        Map<String, Object> config = harness(Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG,
                "all"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
            headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    public static void send(String topic, String key, String value) {
        send(topic, key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the topic from the beginning until a record matches, or fails after the timeout. */
    public static ConsumerRecord<String, byte[]> await(
            String topic, Predicate<ConsumerRecord<String, byte[]>> match, Duration timeout) {
        return awaitAll(topic, match, 1, timeout).getFirst();
    }

    /** Reads the topic from the beginning until {@code count} records matched, or fails after the timeout. */
    public static List<ConsumerRecord<String, byte[]>> awaitAll(
            String topic, Predicate<ConsumerRecord<String, byte[]>> match, int count, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> matched = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record)) {
                        matched.add(record);
                        if (matched.size() == count) {
                            return matched;
                        }
                    }
                }
            }
        }
        throw new AssertionError("expected " + count + " matching record(s) on " + topic + " within " + timeout
                + ", saw " + matched.size());
    }

    /**
     * Every record on the topic up to its end at the time of the call: reads each partition from the beginning until
     * its position reaches the end offset taken when reading began (so a slow broker cannot cut the answer short).
     */
    public static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream()
                    .anyMatch(p -> consumer.position(p, Duration.ofSeconds(30)) < end.getOrDefault(p, 0L))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end within 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    /** Decodes a record's value as an event of the given type, if it is one. */
    public static <E extends OtaEvent> Optional<E> eventOf(ConsumerRecord<String, byte[]> record, Class<E> type) {
        try {
            return EventCodec.decode(record.value()).filter(type::isInstance).map(type::cast);
        } catch (RuntimeException notAnEvent) {
            return Optional.empty();
        }
    }

    public static Optional<String> header(ConsumerRecord<String, byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> config = harness(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class));
        return new KafkaConsumer<>(config);
    }

    /**
     * Client settings of the test harness ({@link Infrastructure#TEST_HARNESS}, a super user on the secured test broker)
     * plus {@code settings}: for tests that make their own Kafka clients.
     */
    public static Map<String, Object> harness(Map<String, Object> settings) {
        return clientOf(Infrastructure.TEST_HARNESS, settings);
    }

    /** Client settings that authenticate as {@code principal}, plus {@code settings}. */
    public static Map<String, Object> clientOf(String principal, Map<String, Object> settings) {
        Infrastructure infrastructure = RealInfrastructure.get();
        Map<String, Object> config = new java.util.HashMap<>(infrastructure.kafkaClientProperties(principal));
        config.put("bootstrap.servers", infrastructure.kafkaBootstrapServers());
        config.putAll(settings);
        return config;
    }
}

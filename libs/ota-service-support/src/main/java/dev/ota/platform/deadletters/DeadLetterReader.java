package dev.ota.platform.deadletters;

import dev.ota.platform.kafka.KafkaClientSecurity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.core.env.Environment;

/**
 * Reads a dead-letter topic with the service's own Kafka identity (its grant reads the dead-letter topics of what it
 * consumes). It joins no consumer group and commits nothing: reading changes nothing, and any number of people may read
 * at once.
 */
public class DeadLetterReader {

    /** How long one read may take before it gives up (a broker away). */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> settings;

    public DeadLetterReader(Environment environment) {
        Map<String, Object> config = new HashMap<>(KafkaClientSecurity.requireComplete(environment));
        config.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                environment.getProperty("spring.kafka.bootstrap-servers", "localhost:9092"));
        config.put(
                ConsumerConfig.CLIENT_ID_CONFIG,
                environment.getProperty("spring.application.name", "ota") + "-dead-letters");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.settings = Map.copyOf(config);
    }

    /**
     * What a scan found.
     *
     * @param letters the first {@code limit} matching dead letters, by partition and offset
     * @param matching how many matched in all
     */
    public record Scan(List<DeadLetter> letters, long matching) {}

    /** Reads the whole topic as it is now and keeps the first {@code limit} dead letters that match. */
    public Scan scan(String deadLetterTopic, Predicate<DeadLetter> wanted, int limit) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings)) {
            List<TopicPartition> partitions = partitionsOf(consumer, deadLetterTopic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
            LowestPositions first = new LowestPositions(limit);
            long[] matching = {0};
            readUntil(consumer, ends, record -> {
                DeadLetter letter = of(record);
                if (wanted.test(letter)) {
                    matching[0]++;
                    first.offer(letter);
                }
            });
            List<DeadLetter> letters = first.inOrder();
            return new Scan(letters, matching[0]);
        }
    }

    /** The dead letters at the given positions; a position with no record (never written, or expired) is absent. */
    public Map<Position, DeadLetter> read(String deadLetterTopic, Collection<Position> positions) {
        Map<Position, DeadLetter> found = new TreeMap<>();
        if (positions.isEmpty()) {
            return found;
        }
        Set<Position> wanted = new TreeSet<>(positions);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings)) {
            List<TopicPartition> partitions = partitionsOf(consumer, deadLetterTopic).stream()
                    .filter(p -> wanted.stream().anyMatch(w -> w.partition() == p.partition()))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, READ_TIMEOUT));
            for (TopicPartition partition : partitions) {
                LongSummaryStatistics offsets = wanted.stream()
                        .filter(w -> w.partition() == partition.partition())
                        .mapToLong(Position::offset)
                        .summaryStatistics();
                consumer.seek(partition, offsets.getMin());
                ends.computeIfPresent(partition, (p, end) -> Math.min(end, offsets.getMax() + 1));
            }
            readUntil(consumer, ends, record -> {
                Position position = new Position(record.partition(), record.offset());
                if (wanted.contains(position)) {
                    found.put(position, of(record));
                }
            });
        }
        return found;
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<String, byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
    }

    /** Polls until every partition's position reached its end offset (exclusive), handing over each record read. */
    private static void readUntil(
            KafkaConsumer<String, byte[]> consumer,
            Map<TopicPartition, Long> ends,
            Consumer<ConsumerRecord<String, byte[]>> each) {
        Instant deadline = Instant.now().plus(READ_TIMEOUT);
        while (!reachedEnd(consumer, ends)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("could not read " + ends.keySet() + " within " + READ_TIMEOUT);
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                Long end = ends.get(new TopicPartition(record.topic(), record.partition()));
                if (end != null && record.offset() < end) {
                    each.accept(record);
                }
            }
        }
    }

    private static boolean reachedEnd(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey(), READ_TIMEOUT) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static DeadLetter of(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new TreeMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        return new DeadLetter(
                new Position(record.partition(), record.offset()),
                Instant.ofEpochMilli(record.timestamp()),
                record.key(),
                record.value() == null ? new byte[0] : record.value(),
                headers);
    }
}

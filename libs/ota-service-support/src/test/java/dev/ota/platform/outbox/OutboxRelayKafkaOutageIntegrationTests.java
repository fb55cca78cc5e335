package dev.ota.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.Headers;
import dev.ota.infra.FreePorts;
import dev.ota.infra.PersistentKafkaServer;
import dev.ota.platform.kafka.KafkaProducers;
import dev.ota.platform.tracing.TracePropagation;
import dev.ota.testsupport.WithRealInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relay against a Kafka broker of its own that goes away while events wait in the outbox and comes back after
 * longer than the relay used to wait for acknowledgements (10 s): every event must reach Kafka exactly once.
 */
@SpringBootTest
@WithRealInfrastructure(database = "support_probe")
class OutboxRelayKafkaOutageIntegrationTests {

    private static final String TOPIC = "outbox.outage.test";
    private static final Duration OUTAGE = Duration.ofSeconds(15);
    private static final int EVENTS = 5;

    @Autowired
    OutboxRelay serviceRelay;

    @Autowired
    DataSource dataSource;

    @Autowired
    PlatformTransactionManager transactionManager;

    @TempDir
    Path kafkaLog;

    @Test
    void relaysEveryEventOnceWhenKafkaComesBackAfterAnOutageLongerThanTheOldSendTimeout() throws Exception {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        serviceRelay.stop();
        DefaultKafkaProducerFactory<String, byte[]> producers = null;
        try (PersistentKafkaServer kafka = PersistentKafkaServer.start(FreePorts.pick(), kafkaLog, 1, TOPIC)) {
            producers = KafkaProducers.factory(
                    new MockEnvironment().withProperty("spring.kafka.bootstrap-servers", kafka.bootstrapServers()));
            KafkaTemplate<String, byte[]> template = KafkaProducers.template(producers);
            template.send(new ProducerRecord<>(TOPIC, "warm-up", new byte[0])).get(30, TimeUnit.SECONDS);
            OutboxRelay relay = new OutboxRelay(
                    jdbc,
                    new TransactionTemplate(transactionManager),
                    template,
                    TracePropagation.disabled(),
                    new OutboxProperties(true, Duration.ofMillis(200), 500, null),
                    new SimpleMeterRegistry());
            relay.start();
            List<UUID> stored = new ArrayList<>();
            try {
                kafka.stop();
                for (int i = 0; i < EVENTS; i++) {
                    stored.add(store(jdbc, "event-" + i));
                }
                relay.wakeUp();
                Thread.sleep(OUTAGE.toMillis());
                kafka.startAgain();
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> pending(jdbc, stored) == 0);
            } finally {
                relay.stop();
            }

            Map<String, Long> copies = copiesPerEventId(kafka.bootstrapServers());
            assertThat(copies.keySet())
                    .containsExactlyInAnyOrderElementsOf(
                            stored.stream().map(UUID::toString).toList());
            assertThat(copies.values()).as("each event on Kafka once").containsOnly(1L);
        } finally {
            if (producers != null) {
                producers.destroy();
            }
            serviceRelay.start();
        }
    }

    private static UUID store(JdbcClient jdbc, String key) {
        UUID eventId = UUID.randomUUID();
        jdbc.sql("""
                        insert into outbox_event (event_id, topic, record_key, event_type, payload)
                        values (:id, :topic, :key, 'ota.Probe.v1', :payload)
                        """)
                .param("id", eventId)
                .param("topic", TOPIC)
                .param("key", key)
                .param("payload", key.getBytes(StandardCharsets.UTF_8))
                .update();
        return eventId;
    }

    private static long pending(JdbcClient jdbc, List<UUID> eventIds) {
        return jdbc.sql("select count(*) from outbox_event where event_id = any(:ids)")
                .param("ids", eventIds.toArray(UUID[]::new))
                .query(Long.class)
                .single();
    }

    /** Reads the whole topic and counts the records per event-id header (the warm-up record has none). */
    private static Map<String, Long> copiesPerEventId(String bootstrap) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<String> eventIds = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    var header = record.headers().lastHeader(Headers.EVENT_ID);
                    if (header != null) {
                        eventIds.add(new String(header.value(), StandardCharsets.UTF_8));
                    }
                }
            }
            return eventIds.stream().collect(Collectors.groupingBy(id -> id, TreeMap::new, Collectors.counting()));
        }
    }
}

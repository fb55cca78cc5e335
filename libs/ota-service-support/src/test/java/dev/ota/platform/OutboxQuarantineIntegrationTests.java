package dev.ota.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.ImageRevoked;
import dev.ota.platform.ProbeApplication.ProbeRevocations;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.WithRealInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Nothing blocks the line (issue #18, point 4): an outbox row Kafka refuses for good, here a record larger than the
 * producer's {@code max.request.size} (1 MiB), is tried a bounded number of times, then moved to {@code
 * outbox_quarantine} with its reason, and the rows behind it are published, each once, and leave the outbox.
 */
@SpringBootTest
@WithRealInfrastructure(database = "support_probe")
class OutboxQuarantineIntegrationTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ProbeRevocations revocations;

    @Autowired
    MeterRegistry meters;

    @Test
    void quarantinesARowKafkaRefusesForGoodAndPublishesTheRowsBehindIt() {
        double quarantinedBefore = meters.counter("ota.outbox.quarantined").count();
        String key = "too-large-" + UUID.randomUUID();
        UUID tooLarge = store(key, new byte[2 * 1024 * 1024]);
        UUID sameKeyBehind = store(key, "a small event of the same key".getBytes(StandardCharsets.UTF_8));
        ImageRevoked otherKeyBehind = revocations.revoke("behind-a-refused-row-" + UUID.randomUUID(), false);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> pending(List.of(tooLarge, sameKeyBehind, otherKeyBehind.eventId())) == 0);

        Map<String, Object> quarantined = jdbc.sql(
                        "select topic, record_key, attempts, reason, quarantined_at from outbox_quarantine"
                                + " where event_id = :id")
                .param("id", tooLarge)
                .query()
                .singleRow();
        assertThat(quarantined.get("record_key")).isEqualTo(key);
        assertThat(quarantined.get("attempts")).isEqualTo(5);
        assertThat((String) quarantined.get("reason")).startsWith("RecordTooLargeException: ");
        assertThat(meters.counter("ota.outbox.quarantined").count() - quarantinedBefore)
                .isEqualTo(1);

        List<ConsumerRecord<String, byte[]>> published = KafkaTestClient.readAll(Topics.IMAGE_EVENTS);
        assertThat(copies(published, otherKeyBehind.eventId()))
                .as("the row behind, once")
                .isEqualTo(1);
        assertThat(copies(published, sameKeyBehind))
                .as("the same key's next row, once")
                .isEqualTo(1);
        assertThat(copies(published, tooLarge)).isZero();
        ConsumerRecord<String, byte[]> next = published.stream()
                .filter(r -> eventId(r).equals(sameKeyBehind.toString()))
                .findFirst()
                .orElseThrow();
        Instant quarantinedAt = ((java.sql.Timestamp) quarantined.get("quarantined_at")).toInstant();
        assertThat(Instant.ofEpochMilli(next.timestamp()))
                .as("the key's next event was held back until the refused one was quarantined")
                .isAfterOrEqualTo(quarantinedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    private UUID store(String key, byte[] payload) {
        UUID eventId = UUID.randomUUID();
        jdbc.sql("""
                        insert into outbox_event (event_id, topic, record_key, event_type, payload)
                        values (:id, :topic, :key, 'ota.Probe.v1', :payload)
                        """)
                .param("id", eventId)
                .param("topic", Topics.IMAGE_EVENTS)
                .param("key", key)
                .param("payload", payload)
                .update();
        return eventId;
    }

    private long pending(List<UUID> eventIds) {
        return jdbc.sql("select count(*) from outbox_event where event_id = any(:ids)")
                .param("ids", eventIds.toArray(UUID[]::new))
                .query(Long.class)
                .single();
    }

    private static long copies(List<ConsumerRecord<String, byte[]>> records, UUID eventId) {
        return records.stream()
                .filter(r -> eventId(r).equals(eventId.toString()))
                .count();
    }

    private static String eventId(ConsumerRecord<String, byte[]> record) {
        return KafkaTestClient.header(record, Headers.EVENT_ID).orElse("");
    }
}

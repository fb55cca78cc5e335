package dev.ota.platform;

import static dev.ota.testsupport.DeadLetterAssertions.assertDeadLettered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.testsupport.DatabaseOutage;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.WithRealInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Transient is not poison (issue #18, point 1): a record consumed while the service's database refuses every
 * connection is retried until the database is back and then applied, never dead-lettered; a record that breaks a rule
 * is dead-lettered at once, with the same reason headers as a record the consumer refuses itself.
 */
@SpringBootTest
@WithRealInfrastructure(database = "support_probe")
class ConsumerFailuresIntegrationTests {

    private static final Duration OUTAGE = Duration.ofSeconds(15);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    MeterRegistry meters;

    @Test
    void retriesARecordWhileTheDatabaseIsUnavailableAndAppliesItOnceTheDatabaseIsBack() throws Exception {
        ImageSigned event = ProbeApplication.imageSigned("during-a-database-outage-" + UUID.randomUUID());
        double transientBefore = transientFailures();
        assertThat(dataSource.unwrap(HikariDataSource.class).getConnectionTimeout())
                .as("test application.yml: a borrower gives up after 2 s, so the outage sees several attempts")
                .isEqualTo(2_000);
        try {
            DatabaseOutage.begin("support_probe");
            KafkaTestClient.send(event);

            Thread.sleep(OUTAGE.toMillis());

            assertThat(transientFailures() - transientBefore)
                    .as("failed deliveries counted as transient during the outage")
                    .isGreaterThanOrEqualTo(3);
        } finally {
            DatabaseOutage.end("support_probe");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> applied(event.eventId()) == 1);
        assertThat(deadLettered(event.eventId()))
                .as("a transient failure is never dead-lettered")
                .isZero();
    }

    @Test
    void deadLettersARecordThatViolatesAConstraintAtOnceWithItsReason() throws Exception {
        ImageSigned event =
                ProbeApplication.imageSigned(ProbeApplication.CONSTRAINT_VIOLATING_IMAGE + UUID.randomUUID());

        KafkaTestClient.send(event);

        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(event.eventId());
        assertDeadLettered(
                dead,
                Topics.IMAGE_EVENTS,
                "support-probe",
                "permanent: ",
                "DataIntegrityViolationException",
                "image_name");
        Thread.sleep(2_000); // no late retry either
        assertThat(attempts(event)).as("dead-lettered at the first failure").isEqualTo(1);
        assertThat(applied(event.eventId())).isZero();
    }

    @Test
    void deadLettersAnUnclassifiedFailureAfterItsBoundedAttempts() {
        ImageSigned event = ProbeApplication.imageSigned(ProbeApplication.BUGGY_IMAGE + UUID.randomUUID());

        KafkaTestClient.send(event);

        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(event.eventId());
        assertThat(KafkaTestClient.header(dead, Headers.DEAD_LETTER_REASON))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .startsWith("unclassified, dead-lettered after 3 attempts: ")
                        .contains("the probe handler hit a bug"));
        assertThat(attempts(event)).isEqualTo(3);
    }

    private static ConsumerRecord<String, byte[]> awaitDeadLetter(UUID eventId) {
        return KafkaTestClient.await(
                Topics.deadLetter(Topics.IMAGE_EVENTS),
                r -> KafkaTestClient.eventOf(r, ImageSigned.class)
                        .map(e -> e.eventId().equals(eventId))
                        .orElse(false),
                Duration.ofSeconds(60));
    }

    private static long deadLettered(UUID eventId) {
        return KafkaTestClient.readAll(Topics.deadLetter(Topics.IMAGE_EVENTS)).stream()
                .filter(r -> KafkaTestClient.eventOf(r, ImageSigned.class)
                        .map(e -> e.eventId().equals(eventId))
                        .orElse(false))
                .count();
    }

    private static int attempts(ImageSigned event) {
        AtomicInteger attempts = ProbeApplication.ATTEMPTS.get(event.imageName());
        return attempts == null ? 0 : attempts.get();
    }

    /** This context's count (the only consumer of the probe's group: SecurityIntegrationTests' context does not consume). */
    private double transientFailures() {
        return meters.find("ota.consumer.transient.failures").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private long applied(UUID eventId) {
        Long count = jdbc.sql("select count(*) from probe_applied where event_id = :id")
                .param("id", eventId)
                .query(Long.class)
                .single();
        return count == null ? 0 : count;
    }
}

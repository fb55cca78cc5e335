package dev.ota.audit.log;

import static dev.ota.testsupport.DeadLetterAssertions.assertDeadLettered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.ota.audit.AuditServiceTest;
import dev.ota.audit.TestEvents;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.CampaignCreated;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.testsupport.DatabaseOutage;
import dev.ota.testsupport.KafkaTestClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The log consumer's failures, through the platform's shared batch handling (issue #18, point 2): one event the
 * database refuses for good does not stall the log, and a database outage dead-letters nothing.
 */
@AuditServiceTest
class LogConsumerFailuresIntegrationTests {

    private static final Duration OUTAGE = Duration.ofSeconds(15);

    @Autowired
    AuditLog log;

    @Autowired
    MeterRegistry meters;

    @Autowired
    DataSource dataSource;

    /**
     * The refused event is a well-formed {@code CampaignCreated} whose record key ends in a NUL character: valid UTF-8
     * and a valid Kafka key, but PostgreSQL's {@code text} (the log's {@code record_key}) cannot hold it and refuses the
     * row (SQLSTATE 22021). Every attempt to append a poll that holds it fails the same way. It is sent between two good
     * events in one producer batch to one partition, so the consumer reads the three in one poll.
     */
    @Test
    void deadLettersOnlyTheEventTheDatabaseRefusesForGoodAndAppendsTheRestOfItsPoll() throws Exception {
        CampaignCreated good = TestEvents.campaignCreated(UUID.randomUUID());
        CampaignCreated unstorable = TestEvents.campaignCreated(UUID.randomUUID());
        CampaignCreated alsoGood = TestEvents.campaignCreated(UUID.randomUUID());
        String key = unstorable.campaignId() + "\u0000";
        sendInOneBatch(
                Topics.CAMPAIGN_EVENTS,
                List.of(
                        record(good.campaignId().toString(), good),
                        record(key, unstorable),
                        record(alsoGood.campaignId().toString(), alsoGood)));

        awaitLogged(List.of(good, alsoGood));
        assertThat(log.entry(alsoGood.eventId()).orElseThrow().index())
                .as("appended in poll order")
                .isGreaterThan(log.entry(good.eventId()).orElseThrow().index());
        ConsumerRecord<String, byte[]> dead = KafkaTestClient.await(
                Topics.deadLetter(Topics.CAMPAIGN_EVENTS), r -> key.equals(r.key()), Duration.ofSeconds(60));
        assertThat(dead.value()).isEqualTo(TestEvents.wire(unstorable));
        assertDeadLettered(dead, Topics.CAMPAIGN_EVENTS, "audit-service", "permanent: ", "0x00");
        assertThat(log.entry(unstorable.eventId()))
                .as("the refused event is not in the log")
                .isEmpty();

        List<OtaEvent> later = TestEvents.onePerProducingTopic("WVWZZZ1JZDLQ00003");
        later.forEach(TestEvents::send);
        awaitLogged(later);
        assertThat(KafkaTestClient.readAll(Topics.deadLetter(Topics.CAMPAIGN_EVENTS)).stream()
                        .filter(r -> key.equals(r.key())))
                .as("dead-lettered once")
                .hasSize(1);
    }

    private static ProducerRecord<String, byte[]> record(String key, OtaEvent event) {
        return new ProducerRecord<>(Topics.CAMPAIGN_EVENTS, 0, key, TestEvents.wire(event));
    }

    /** One producer batch (the records lingered together) to partition 0: appended to the partition together. */
    private static void sendInOneBatch(String topic, List<ProducerRecord<String, byte[]>> records) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaTestClient.harness(Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.LINGER_MS_CONFIG,
                500)))) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            records.forEach(r -> sent.add(producer.send(r)));
            producer.flush();
            for (Future<RecordMetadata> acknowledged : sent) {
                assertThat(acknowledged.get(30, TimeUnit.SECONDS).topic()).isEqualTo(topic);
            }
        }
    }

    @Test
    void retriesAPollWhileTheDatabaseIsUnavailableAndAppendsItOnceTheDatabaseIsBackWithoutDeadLetteringAnything()
            throws Exception {
        assertThat(dataSource.unwrap(HikariDataSource.class).getConnectionTimeout())
                .as("AuditServiceTest: a borrower gives up after 2 s, so the outage sees several attempts")
                .isEqualTo(2_000);
        List<OtaEvent> events = TestEvents.onePerProducingTopic("WVWZZZ1JZOUT00001");
        double transientBefore = transientFailures();
        try {
            DatabaseOutage.begin("audit"); // as in a failover: connections refused, open ones cut
            events.forEach(TestEvents::send);

            Thread.sleep(OUTAGE.toMillis());

            assertThat(transientFailures() - transientBefore)
                    .as("failed attempts counted as transient during the outage")
                    .isGreaterThanOrEqualTo(2);
        } finally {
            DatabaseOutage.end("audit");
        }
        awaitLogged(events);
        for (OtaEvent event : events) {
            String deadLetters = Topics.deadLetter(event.topic());
            byte[] wire = TestEvents.wire(event);
            assertThat(KafkaTestClient.readAll(deadLetters).stream().filter(r -> Arrays.equals(r.value(), wire)))
                    .as("%s is not dead-lettered", event.type())
                    .isEmpty();
        }
    }

    private double transientFailures() {
        return meters.find("ota.consumer.transient.failures").tag("group", "audit-service").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private void awaitLogged(List<OtaEvent> events) {
        List<UUID> ids = new ArrayList<>();
        events.forEach(e -> ids.add(TestEvents.loggedId(e)));
        await().atMost(Duration.ofSeconds(90))
                .ignoreExceptions() // the test's own reads fail too while the pool reconnects after an outage
                .until(() -> ids.stream().allMatch(id -> log.entry(id).isPresent()));
    }
}

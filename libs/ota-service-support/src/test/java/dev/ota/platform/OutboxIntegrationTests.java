package dev.ota.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.ImageRevoked;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.platform.ProbeApplication.ProbeRevocations;
import dev.ota.platform.outbox.Outbox;
import dev.ota.platform.outbox.OutboxRelay;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.WithRealInfrastructure;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;

@SpringBootTest
@WithRealInfrastructure(database = "support_probe")
class OutboxIntegrationTests {

    @Autowired
    ProbeRevocations revocations;

    @Autowired
    OutboxRelay relay;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Outbox outbox;

    @Autowired
    Tracer tracer;

    @Test
    void publishesAnEventIfAndOnlyIfItsTransactionCommits() {
        assertThatThrownBy(() -> revocations.revoke("rolled-back-image", true))
                .isInstanceOf(IllegalStateException.class);
        ImageRevoked committed = revocations.revoke("committed-image", false);

        var record = KafkaTestClient.await(
                Topics.IMAGE_EVENTS,
                r -> committed
                        .eventId()
                        .toString()
                        .equals(KafkaTestClient.header(r, Headers.EVENT_ID).orElse("")),
                Duration.ofSeconds(30));
        assertThat(record.key()).isEqualTo("committed-image");
        assertThat(KafkaTestClient.eventOf(record, ImageRevoked.class)).contains(committed);
        assertThat(KafkaTestClient.readAll(Topics.IMAGE_EVENTS)).noneMatch(r -> "rolled-back-image".equals(r.key()));
    }

    @Test
    void anEventCommittedBeforeACrashIsSentWhenTheRelayComesBack() {
        relay.stop();
        ImageRevoked committed;
        try {
            committed = revocations.revoke("survives-crash", false);
            Long pending = jdbc.sql("select count(*) from outbox_event where event_id = :id")
                    .param("id", committed.eventId())
                    .query(Long.class)
                    .single();
            assertThat(pending).as("stored durably while nothing was sent").isEqualTo(1);
            assertThat(KafkaTestClient.readAll(Topics.IMAGE_EVENTS)).noneMatch(r -> "survives-crash".equals(r.key()));
        } finally {
            relay.start();
        }
        var record = KafkaTestClient.await(
                Topics.IMAGE_EVENTS, r -> "survives-crash".equals(r.key()), Duration.ofSeconds(30));
        assertThat(KafkaTestClient.eventOf(record, ImageRevoked.class)).contains(committed);
        assertThat(jdbc.sql("select count(*) from outbox_event where event_id = :id")
                        .param("id", committed.eventId())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void publishesABatchIfAndOnlyIfItsTransactionCommits() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> rolledBack = List.of("batch-rb-" + run + "-1", "batch-rb-" + run + "-2", "batch-rb-" + run + "-3");
        assertThatThrownBy(() -> revocations.revokeAll(rolledBack, 0, true)).isInstanceOf(IllegalStateException.class);
        assertThat(outboxRowsWithKeyPrefix("batch-rb-" + run))
                .as("nothing of the rolled-back batch is stored")
                .isZero();

        List<String> committed = List.of("batch-ok-" + run + "-1", "batch-ok-" + run + "-2", "batch-ok-" + run + "-3");
        List<ImageRevoked> events = revocations.revokeAll(committed, 0, false);

        List<ConsumerRecord<String, byte[]>> records =
                KafkaTestClient.awaitAll(Topics.IMAGE_EVENTS, inBatch(events), events.size(), Duration.ofSeconds(30));
        assertThat(records)
                .extracting(r -> KafkaTestClient.eventOf(r, ImageRevoked.class).orElseThrow())
                .containsExactlyInAnyOrderElementsOf(events);
        assertThat(records)
                .allSatisfy(r -> assertThat(KafkaTestClient.header(r, Headers.EVENT_TYPE))
                        .contains("ota.ImageRevoked.v1"));
        assertThat(KafkaTestClient.readAll(Topics.IMAGE_EVENTS))
                .noneMatch(r -> r.key().startsWith("batch-rb-" + run));
    }

    @Test
    void aLargeBatchReachesKafkaCompleteAndInOrderForItsKey() {
        String key = "batch-ordered-" + UUID.randomUUID();
        int count = 2_500; // three insert statements, five relay pages
        List<ImageRevoked> events = revocations.revokeAll(Collections.nCopies(count, key), 0, false);

        List<UUID> received = new ArrayList<>(new LinkedHashSet<>(
                KafkaTestClient.awaitAll(Topics.IMAGE_EVENTS, r -> key.equals(r.key()), count, Duration.ofSeconds(60))
                        .stream()
                        .map(r -> KafkaTestClient.eventOf(r, ImageRevoked.class)
                                .orElseThrow()
                                .eventId())
                        .toList()));
        assertThat(received)
                .as("one key, one partition: the order the events were passed in")
                .containsExactlyElementsOf(
                        events.stream().map(OtaEvent::eventId).toList());
    }

    @Test
    void everyEventOfABatchCarriesTheTraceOfItsTransaction() {
        String key = "batch-traced-" + UUID.randomUUID();
        Span request = tracer.nextSpan().name("rollback issue").start();
        List<ImageRevoked> events;
        try (Tracer.SpanInScope ignored = tracer.withSpan(request)) {
            events = revocations.revokeAll(List.of(key, key, key), 0, false);
        } finally {
            request.end();
        }
        assertThat(KafkaTestClient.awaitAll(Topics.IMAGE_EVENTS, inBatch(events), 3, Duration.ofSeconds(30)))
                .allSatisfy(r -> assertThat(KafkaTestClient.header(r, "traceparent"))
                        .hasValueSatisfying(traceparent -> assertThat(traceparent)
                                .startsWith("00-" + request.context().traceId() + "-")));
    }

    @Test
    void aBatchNeedsTheCallersTransaction() {
        ImageRevoked event = new ImageRevoked(
                UUID.randomUUID(), java.time.Instant.now(), "no-tx", "1.0.0", "no-tx/1.0.0", "test", "probe");
        assertThatThrownBy(() -> outbox.publishAll(List.of(event)))
                .isInstanceOf(IllegalTransactionStateException.class);
        assertThat(jdbc.sql("select count(*) from outbox_event where event_id = :id")
                        .param("id", event.eventId())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    /**
     * Transactions commit in another order than their rows' ids were taken, while the relay is sending: a row that
     * becomes visible while a page with larger ids is in flight must be sent by a later round, not deleted unsent.
     */
    @Test
    void everyEventOfInterleavedTransactionsReachesKafka() throws Exception {
        String prefix = "batch-concurrent-" + UUID.randomUUID().toString().substring(0, 8);
        List<ImageRevoked> all = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService writers = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = IntStream.range(0, 4)
                    .<Future<?>>mapToObj(writer -> writers.submit(() -> {
                        for (int tx = 0; tx < 25; tx++) {
                            List<String> keys = IntStream.range(0, 20)
                                    .mapToObj(i -> prefix + "-" + writer + "-" + i)
                                    .toList();
                            all.addAll(revocations.revokeAll(
                                    keys, ThreadLocalRandom.current().nextLong(0, 15), false));
                        }
                    }))
                    .toList();
            for (Future<?> writer : done) {
                writer.get();
            }
        }
        Set<UUID> expected =
                new java.util.HashSet<>(all.stream().map(OtaEvent::eventId).toList());
        Set<UUID> seen = new java.util.HashSet<>();
        KafkaTestClient.awaitAll(
                Topics.IMAGE_EVENTS,
                r -> r.key().startsWith(prefix)
                        && seen.add(UUID.fromString(
                                KafkaTestClient.header(r, Headers.EVENT_ID).orElseThrow())),
                expected.size(),
                Duration.ofSeconds(60));
        assertThat(seen).isEqualTo(expected);
        assertThat(outboxRowsWithKeyPrefix(prefix)).isZero();
    }

    private static java.util.function.Predicate<ConsumerRecord<String, byte[]>> inBatch(List<ImageRevoked> events) {
        Set<String> ids = new java.util.HashSet<>(
                events.stream().map(e -> e.eventId().toString()).toList());
        return r -> ids.contains(KafkaTestClient.header(r, Headers.EVENT_ID).orElse(""));
    }

    private long outboxRowsWithKeyPrefix(String prefix) {
        return jdbc.sql("select count(*) from outbox_event where record_key like :p")
                .param("p", prefix + "%")
                .query(Long.class)
                .single();
    }
}

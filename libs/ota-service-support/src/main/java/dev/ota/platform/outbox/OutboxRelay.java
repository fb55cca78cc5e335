package dev.ota.platform.outbox;

import dev.ota.contracts.EventCodec;
import dev.ota.platform.messaging.EventRecords;
import dev.ota.platform.tracing.TracePropagation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;

/**
 * Sends stored outbox events to Kafka in id order and deletes them once Kafka acknowledged them. One relay per service
 * database works at a time (a PostgreSQL advisory lock), which keeps per-key order across replicas. Delivery is
 * at-least-once: a crash after the send and before the delete resends, and consumers deduplicate by event id.
 *
 * <p>A round reads a page of up to {@code ota.outbox.batch-size} rows, hands every record of the page to the producer
 * without waiting (the idempotent producer keeps their order per partition), then waits once for all
 * acknowledgements and deletes exactly the rows it sent with one statement. Deleting by the ids sent, not by "every id
 * up to the last one", matters: ids are taken when a row is inserted, not when its transaction commits, so a row with
 * a smaller id can become visible while a page is in flight; it must stay for the next round.
 *
 * <p>While Kafka is away the relay keeps waiting for the producer's verdict on the page it sent (the producer retries
 * until its delivery timeout) rather than sending the page again: a second copy would reach Kafka too once it is back.
 * Rows Kafka acknowledged are deleted even when others of the page failed; the others stay, and the relay backs off
 * (doubling up to 30 s) while rounds keep failing.
 *
 * <p>Nothing blocks the line: a row Kafka refuses for good ({@link KafkaRefusal}) is tried {@code
 * ota.outbox.quarantine-after} times and then moved to {@code outbox_quarantine} with the reason, and the rows behind it
 * go on ({@code ota.outbox.quarantined} counts them).
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Advisory lock key: "OUTBOX" in ASCII. */
    private static final long RELAY_LOCK = 0x4F5554424F58L;

    private static final TypeReference<Map<String, String>> TRACE_HEADERS = new TypeReference<>() {};
    private static final Duration MAX_BACK_OFF = Duration.ofSeconds(30);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, byte[]> kafka;
    private final TracePropagation tracing;
    private final OutboxProperties properties;
    private final Counter published;
    private final Counter quarantinedRows;
    private final Counter failedRounds;
    /** Permanent refusals per outbox row id, until the row is published or quarantined. */
    private final Map<Long, Integer> refusals = new ConcurrentHashMap<>();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private volatile boolean running;
    private boolean wakeRequested;
    private @Nullable Thread worker;

    OutboxRelay(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            KafkaTemplate<String, byte[]> kafka,
            TracePropagation tracing,
            OutboxProperties properties,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.tracing = tracing;
        this.properties = properties;
        this.published = Counter.builder("ota.outbox.published")
                .description("events relayed from the outbox to Kafka")
                .register(meters);
        this.quarantinedRows = Counter.builder("ota.outbox.quarantined")
                .description("outbox rows Kafka refused for good, moved to outbox_quarantine")
                .register(meters);
        this.failedRounds = Counter.builder("ota.outbox.relay.failures")
                .description("relay rounds that left events behind (Kafka or the database unavailable)")
                .register(meters);
        meters.gauge("ota.outbox.pending", this, OutboxRelay::pendingCount);
    }

    /** Asks the relay to run now rather than at its next poll (called after a commit that stored events). */
    void wakeUp() {
        lock.lock();
        try {
            wakeRequested = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Relays everything that is pending now, in batches.
     *
     * @return how many events were sent
     */
    public int relayPending() {
        int total = 0;
        Round round;
        do {
            round = relayBatch();
            total += round.published();
            // a full page may have more behind it; a page whose rows were all refused again stops the round
        } while (round.read() == properties.batchSize() && round.published() + round.quarantined() > 0);
        return total;
    }

    private Round relayBatch() {
        Round round = transactions.execute(status -> {
            Boolean locked = jdbc.sql("select pg_try_advisory_xact_lock(:key)")
                    .param("key", RELAY_LOCK)
                    .query(Boolean.class)
                    .single();
            if (!Boolean.TRUE.equals(locked)) {
                return Round.NOTHING;
            }
            List<PendingEvent> batch = jdbc.sql("""
                            select id, event_id, topic, record_key, event_type, payload, trace_headers
                            from outbox_event order by id limit :limit
                            """)
                    .param("limit", properties.batchSize())
                    .query((rs, n) -> new PendingEvent(
                            rs.getLong("id"),
                            rs.getObject("event_id", UUID.class),
                            rs.getString("topic"),
                            rs.getString("record_key"),
                            rs.getString("event_type"),
                            rs.getBytes("payload"),
                            rs.getString("trace_headers")))
                    .list();
            if (batch.isEmpty()) {
                return Round.NOTHING;
            }
            Outcome outcome = send(batch);
            if (!outcome.acknowledged().isEmpty()) {
                jdbc.sql("delete from outbox_event where id = any(cast(:ids as bigint[]))")
                        .param(
                                "ids",
                                outcome.acknowledged().stream()
                                        .mapToLong(Long::longValue)
                                        .toArray())
                        .update();
                outcome.acknowledged().forEach(refusals::remove);
            }
            int quarantined = 0;
            for (var refused : outcome.refused().entrySet()) {
                if (quarantineIfRefusedTooOften(refused.getKey(), refused.getValue())) {
                    quarantined++;
                }
            }
            return new Round(batch.size(), outcome.acknowledged().size(), quarantined, outcome.transientFailure());
        });
        Round done = round == null ? Round.NOTHING : round;
        published.increment(done.published());
        if (done.transientFailure() != null) {
            throw new IllegalStateException(
                    "Kafka did not acknowledge " + (done.read() - done.published() - done.quarantined())
                            + " outbox event(s); they stay and are sent again",
                    done.transientFailure());
        }
        return done;
    }

    /**
     * Counts one more permanent refusal of a row; after {@code quarantine-after} of them the row moves to {@code
     * outbox_quarantine} with the reason, in this round's transaction, and the relay goes on with the rows behind it.
     * The count is kept in memory: a restarted relay counts anew, which only costs a few more attempts.
     */
    private boolean quarantineIfRefusedTooOften(long id, Throwable refusal) {
        int attempts = refusals.merge(id, 1, Integer::sum);
        if (attempts < properties.quarantineAfter()) {
            log.warn(
                    "Kafka refused outbox row {} ({} of {} attempts before quarantine): {}",
                    id,
                    attempts,
                    properties.quarantineAfter(),
                    describe(refusal));
            return false;
        }
        String reason = describe(refusal);
        int moved = jdbc.sql("""
                        insert into outbox_quarantine
                            (id, event_id, topic, record_key, event_type, payload, trace_headers, created_at, attempts,
                             reason)
                        select id, event_id, topic, record_key, event_type, payload, trace_headers, created_at,
                               :attempts, :reason
                        from outbox_event where id = :id
                        """)
                .param("id", id)
                .param("attempts", attempts)
                .param("reason", reason)
                .update();
        jdbc.sql("delete from outbox_event where id = :id").param("id", id).update();
        refusals.remove(id);
        if (moved == 1) {
            quarantinedRows.increment();
            log.error(
                    "quarantined outbox row {} after {} refusals by Kafka: {}. It is kept in outbox_quarantine and"
                            + " will not be sent; see docs/runbook.md, \"Dead letters and quarantined outbox rows\"",
                    id,
                    attempts,
                    reason);
        }
        return moved == 1;
    }

    private static String describe(Throwable refusal) {
        Throwable t = KafkaRefusal.cause(refusal);
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /**
     * Hands every row of the page to the producer, then waits once for all acknowledgements. A row the producer refuses
     * before sending (too large, say) holds back the later rows of the same topic and key in this page, so a key's
     * events never overtake one another; a refusal that comes back from the broker cannot hold back what was already
     * sent. Any other failure to hand a row over (no metadata in time, the producer closed) ends the page there: the rows
     * behind it wait for the next round, so none overtakes it.
     */
    private Outcome send(List<PendingEvent> batch) {
        Map<Long, CompletableFuture<SendResult<String, byte[]>>> acks = new LinkedHashMap<>();
        Map<Long, Throwable> refused = new LinkedHashMap<>();
        Set<String> heldBack = new HashSet<>();
        Map<String, Map<String, String>> traces = new HashMap<>();
        Throwable transientFailure = null;
        for (PendingEvent event : batch) {
            String ordering = event.topic() + '\u0000' + event.key();
            if (heldBack.contains(ordering)) {
                continue;
            }
            ProducerRecord<String, byte[]> record =
                    EventRecords.of(event.topic(), event.key(), event.payload(), event.type(), event.eventId());
            String traceHeaders = event.traceHeaders();
            // events stored together (publishAll) share one trace context: parse it once per page
            Map<String, String> trace = traceHeaders == null
                    ? Map.of()
                    : traces.computeIfAbsent(
                            traceHeaders, json -> EventCodec.mapper().readValue(json, TRACE_HEADERS));
            try {
                acks.put(event.id(), sendInItsTrace(record, trace));
            } catch (RuntimeException e) {
                if (KafkaRefusal.isPermanentForTheRow(e)) {
                    refused.put(event.id(), KafkaRefusal.cause(e));
                    heldBack.add(ordering);
                    continue;
                }
                transientFailure = KafkaRefusal.cause(e);
                break;
            }
        }
        List<Long> acknowledged = new ArrayList<>(acks.size());
        long deadline = System.nanoTime() + properties.sendTimeout().toNanos();
        for (var ack : acks.entrySet()) {
            try {
                ack.getValue().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged.add(ack.getKey());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while relaying the outbox", e);
            } catch (ExecutionException e) {
                if (KafkaRefusal.isPermanentForTheRow(e)) {
                    refused.put(ack.getKey(), KafkaRefusal.cause(e));
                } else {
                    transientFailure = KafkaRefusal.cause(e);
                }
            } catch (TimeoutException e) {
                transientFailure = e;
            }
        }
        return new Outcome(acknowledged, refused, transientFailure);
    }

    /**
     * Sends a record inside the trace of the transaction that stored it, so that the template's observation makes the
     * send a span of that trace and writes its {@code traceparent}. The stored headers go on the record first: they
     * stay when there is no tracer to write its own.
     */
    private CompletableFuture<SendResult<String, byte[]>> sendInItsTrace(
            ProducerRecord<String, byte[]> record, Map<String, String> trace) {
        if (trace.isEmpty()) {
            return kafka.send(record);
        }
        trace.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return tracing.continueTrace("outbox relay", trace::get, () -> kafka.send(record));
    }

    /** What became of the rows of one page. */
    private record Outcome(
            List<Long> acknowledged,
            Map<Long, Throwable> refused,
            @Nullable Throwable transientFailure) {}

    /** One round: rows read, published, quarantined, and the failure that left rows for the next round. */
    private record Round(
            int read,
            int published,
            int quarantined,
            @Nullable Throwable transientFailure) {
        static final Round NOTHING = new Round(0, 0, 0, null);
    }

    private double pendingCount() {
        if (!running) {
            return 0;
        }
        try {
            Long count = jdbc.sql("select count(*) from outbox_event")
                    .query(Long.class)
                    .single();
            return count == null ? 0 : count;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private void loop() {
        int failures = 0;
        while (running) {
            Duration wait = properties.pollInterval();
            try {
                relayPending();
                failures = 0;
            } catch (RuntimeException e) {
                failures++;
                failedRounds.increment();
                wait = backOff(failures);
                log.warn(
                        "outbox relay round failed ({} in a row), next try in {} ms: {}",
                        failures,
                        wait.toMillis(),
                        e.getCause() == null ? e.getMessage() : e.getMessage() + ": " + e.getCause());
            }
            awaitWork(wait);
        }
    }

    /** Doubles the poll interval per failed round in a row, up to {@link #MAX_BACK_OFF}. */
    private Duration backOff(int failures) {
        long millis = properties.pollInterval().toMillis() << Math.min(failures, 20);
        return Duration.ofMillis(Math.min(millis, MAX_BACK_OFF.toMillis()));
    }

    private void awaitWork(Duration wait) {
        lock.lock();
        try {
            if (!wakeRequested && running) {
                work.await(wait.toNanos(), TimeUnit.NANOSECONDS);
            }
            wakeRequested = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void start() {
        if (!properties.enabled() || running) {
            return;
        }
        running = true;
        worker = Thread.ofPlatform().name("outbox-relay").daemon().start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        wakeUp();
        Thread relay = worker;
        if (relay != null) {
            try {
                relay.join(properties.sendTimeout().toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after the data source and stops before it, but after the consumers (which write to the outbox). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }

    private record PendingEvent(
            long id,
            UUID eventId,
            String topic,
            String key,
            String type,
            byte[] payload,
            @Nullable String traceHeaders) {}
}

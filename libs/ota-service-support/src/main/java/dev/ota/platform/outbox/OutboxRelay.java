package dev.ota.platform.outbox;

import dev.ota.contracts.EventCodec;
import dev.ota.platform.messaging.EventRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
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
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** Advisory lock key: "OUTBOX" in ASCII. */
    private static final long RELAY_LOCK = 0x4F5554424F58L;

    private static final TypeReference<Map<String, String>> TRACE_HEADERS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Producer<String, byte[]> producer;
    private final OutboxProperties properties;
    private final Counter published;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private volatile boolean running;
    private boolean wakeRequested;
    private Thread worker;

    OutboxRelay(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            Producer<String, byte[]> producer,
            OutboxProperties properties,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.producer = producer;
        this.properties = properties;
        this.published = Counter.builder("ota.outbox.published")
                .description("events relayed from the outbox to Kafka")
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
        int sent;
        do {
            sent = relayBatch();
            total += sent;
        } while (sent == properties.batchSize());
        return total;
    }

    private int relayBatch() {
        Integer sent = transactions.execute(status -> {
            Boolean locked = jdbc.sql("select pg_try_advisory_xact_lock(:key)")
                    .param("key", RELAY_LOCK)
                    .query(Boolean.class)
                    .single();
            if (!Boolean.TRUE.equals(locked)) {
                return 0;
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
                return 0;
            }
            send(batch);
            jdbc.sql("delete from outbox_event where id = any(cast(:ids as bigint[]))")
                    .param("ids", batch.stream().mapToLong(PendingEvent::id).toArray())
                    .update();
            return batch.size();
        });
        int count = sent == null ? 0 : sent;
        published.increment(count);
        return count;
    }

    private void send(List<PendingEvent> batch) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        Map<String, Map<String, String>> traces = new HashMap<>();
        for (PendingEvent event : batch) {
            ProducerRecord<String, byte[]> record =
                    EventRecords.of(event.topic(), event.key(), event.payload(), event.type(), event.eventId());
            if (event.traceHeaders() != null) {
                // events stored together (publishAll) share one trace context: parse it once per page
                Map<String, String> trace = traces.computeIfAbsent(
                        event.traceHeaders(), json -> EventCodec.mapper().readValue(json, TRACE_HEADERS));
                trace.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            }
            acks.add(producer.send(record));
        }
        long deadline = System.nanoTime() + properties.sendTimeout().toNanos();
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while relaying the outbox", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the outbox batch; will retry", e);
        }
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
        while (running) {
            try {
                relayPending();
            } catch (RuntimeException e) {
                log.warn("outbox relay round failed, retrying: {}", e.getMessage());
            }
            awaitWork();
        }
    }

    private void awaitWork() {
        lock.lock();
        try {
            if (!wakeRequested && running) {
                work.await(properties.pollInterval().toNanos(), TimeUnit.NANOSECONDS);
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
        if (worker != null) {
            try {
                worker.join(properties.sendTimeout().toMillis() + 1000);
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

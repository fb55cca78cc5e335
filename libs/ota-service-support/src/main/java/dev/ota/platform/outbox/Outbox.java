package dev.ota.platform.outbox;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.platform.tracing.TracePropagation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Publishes events transactionally: an event is stored in the caller's transaction, so it is sent if and only if that
 * transaction commits, and a crash between commit and send only delays it (the relay sends it on the next run).
 *
 * <p>Events are relayed in the order they were stored (outbox row id order), so events with the same key reach their
 * partition in that order. Use {@link #publish(OtaEvent)} for one event and {@link #publishAll(Collection)} when one
 * transaction emits many (one per vehicle of a dispatch round, of a rollback, ...): it stores them with one statement
 * per {@value #ROWS_PER_STATEMENT} events instead of one round trip each.
 */
public class Outbox {

    /** Most events stored by one multi-row insert; larger collections take several statements. */
    static final int ROWS_PER_STATEMENT = 1000;

    private final JdbcClient jdbc;
    private final OutboxRelay relay;
    private final TracePropagation tracing;

    Outbox(JdbcClient jdbc, OutboxRelay relay, TracePropagation tracing) {
        this.jdbc = jdbc;
        this.relay = relay;
        this.tracing = tracing;
    }

    private @Nullable String traceHeaders() {
        Map<String, String> headers = tracing.currentHeaders();
        return headers.isEmpty() ? null : EventCodec.mapper().writeValueAsString(headers);
    }

    /** Stores the event for publication. Must run inside the transaction that makes the state change. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void publish(OtaEvent event) {
        jdbc.sql("""
                        insert into outbox_event (event_id, topic, record_key, event_type, payload, trace_headers)
                        values (:eventId, :topic, :key, :type, :payload, :traceHeaders)
                        """)
                .param("eventId", event.eventId())
                .param("topic", event.topic())
                .param("key", event.key())
                .param("type", event.type())
                .param("payload", EventCodec.encode(event))
                .param("traceHeaders", traceHeaders())
                .update();
        wakeRelayAfterCommit();
    }

    /**
     * Stores several events for publication, with the same guarantees as {@link #publish(OtaEvent)} for each of them:
     * every event is published if and only if the caller's transaction commits, and each carries the trace context
     * current at this call. Must run inside the transaction that makes the state change.
     *
     * <p>The events are relayed in the collection's iteration order (for a {@code List}, list order), after any event
     * this transaction stored before, so per-key order is kept. Storing takes one multi-row {@code INSERT} per {@value
     * #ROWS_PER_STATEMENT} events; calling {@code publish} in a loop instead costs one database round trip per event,
     * which is what limits fan-out (a dispatch round, a rollback issuing thousands of assignments). An empty collection
     * stores nothing. Event ids must be unique: a duplicate fails the statement and, with it, the caller's transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void publishAll(Collection<? extends OtaEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        String trace = traceHeaders();
        List<OtaEvent> chunk = new ArrayList<>(Math.min(events.size(), ROWS_PER_STATEMENT));
        for (OtaEvent event : events) {
            chunk.add(event);
            if (chunk.size() == ROWS_PER_STATEMENT) {
                insert(chunk, trace);
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            insert(chunk, trace);
        }
        wakeRelayAfterCommit();
    }

    /**
     * One statement for the chunk. Rows are inserted in array order ({@code order by} the ordinality), so their ids,
     * and with them the relay order, follow the caller's order.
     */
    private void insert(List<OtaEvent> events, @Nullable String trace) {
        int n = events.size();
        String[] ids = new String[n];
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        byte[][] payloads = new byte[n][];
        for (int i = 0; i < n; i++) {
            OtaEvent event = events.get(i);
            ids[i] = event.eventId().toString();
            topics[i] = event.topic();
            keys[i] = event.key();
            types[i] = event.type();
            payloads[i] = EventCodec.encode(event);
        }
        jdbc.sql("""
                        insert into outbox_event (event_id, topic, record_key, event_type, payload, trace_headers)
                        select e.event_id, e.topic, e.record_key, e.event_type, e.payload, cast(:traceHeaders as text)
                        from unnest(cast(:ids as uuid[]), cast(:topics as text[]), cast(:keys as text[]),
                                    cast(:types as text[]), cast(:payloads as bytea[]))
                             with ordinality as e (event_id, topic, record_key, event_type, payload, position)
                        order by e.position
                        """)
                .param("ids", ids)
                .param("topics", topics)
                .param("keys", keys)
                .param("types", types)
                .param("payloads", payloads)
                .param("traceHeaders", trace)
                .update();
    }

    /** Wakes the relay once per transaction, however many events it stored. */
    private void wakeRelayAfterCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        for (TransactionSynchronization registered : TransactionSynchronizationManager.getSynchronizations()) {
            if (registered instanceof WakeRelay wake && wake.relay == relay) {
                return;
            }
        }
        TransactionSynchronizationManager.registerSynchronization(new WakeRelay(relay));
    }

    private record WakeRelay(OutboxRelay relay) implements TransactionSynchronization {
        @Override
        public void afterCommit() {
            relay.wakeUp();
        }
    }
}

package dev.ota.platform.outbox;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.platform.tracing.TracePropagation;
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
 */
public class Outbox {

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
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    relay.wakeUp();
                }
            });
        }
    }
}

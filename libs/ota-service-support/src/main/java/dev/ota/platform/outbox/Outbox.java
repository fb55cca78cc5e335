package dev.ota.platform.outbox;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.OtaEvent;
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

    Outbox(JdbcClient jdbc, OutboxRelay relay) {
        this.jdbc = jdbc;
        this.relay = relay;
    }

    /** Stores the event for publication. Must run inside the transaction that makes the state change. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void publish(OtaEvent event) {
        jdbc.sql("""
                        insert into outbox_event (event_id, topic, record_key, event_type, payload)
                        values (:eventId, :topic, :key, :type, :payload)
                        """)
                .param("eventId", event.eventId())
                .param("topic", event.topic())
                .param("key", event.key())
                .param("type", event.type())
                .param("payload", EventCodec.encode(event))
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

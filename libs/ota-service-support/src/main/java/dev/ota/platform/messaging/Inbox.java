package dev.ota.platform.messaging;

import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Remembers which event ids each consumer has applied. */
public class Inbox {

    private final JdbcClient jdbc;

    public Inbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the delivery; false when this consumer already applied the event. Call inside the handler's transaction. */
    public boolean firstDelivery(String consumer, UUID eventId) {
        return jdbc.sql(
                                "insert into inbox_event (consumer, event_id) values (:consumer, :eventId) on conflict do nothing")
                        .param("consumer", consumer)
                        .param("eventId", eventId)
                        .update()
                == 1;
    }

    /**
     * Whether any row was applied before {@code horizon}. Asked before deleting, so a service that keeps no inbox rows
     * (audit-service deduplicates in its log) never issues a delete its database role may not be granted.
     */
    public boolean hasRowsProcessedBefore(Instant horizon) {
        return Boolean.TRUE.equals(jdbc.sql("select exists(select 1 from inbox_event where processed_at < :horizon)")
                .param("horizon", java.sql.Timestamp.from(horizon))
                .query(Boolean.class)
                .single());
    }

    /**
     * Deletes up to {@code limit} rows applied before {@code horizon}, oldest first.
     *
     * @return how many were deleted
     */
    public int pruneProcessedBefore(Instant horizon, int limit) {
        return jdbc.sql("""
                        delete from inbox_event where ctid = any(array(
                            select ctid from inbox_event where processed_at < :horizon
                            order by processed_at limit :limit))
                        """)
                .param("horizon", java.sql.Timestamp.from(horizon))
                .param("limit", limit)
                .update();
    }
}

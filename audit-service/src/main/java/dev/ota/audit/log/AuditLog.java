package dev.ota.audit.log;

import dev.ota.audit.merkle.Hashes;
import dev.ota.audit.merkle.NodeId;
import dev.ota.audit.merkle.Proofs;
import dev.ota.audit.merkle.TreeBuilder;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The log. Appends are serialised by a PostgreSQL advisory lock (so several replicas may consume, one appends at a
 * time) and each batch commits its entries, their event ids and the subtrees they complete together: a crash leaves
 * either all of a batch or none of it. The right edge of the tree is cached between batches and reloaded whenever
 * another writer has moved the tree on.
 */
public class AuditLog {

    /** Advisory lock key of the log writer (any fixed number unique within the database). */
    static final long WRITER_LOCK = 9162L;

    /** Leaves per partition of {@code log_entry}; must match {@code audit_ensure_partition}. */
    static final long PARTITION_SIZE = 1L << 24;

    private static final String ENTRY_COLUMNS = "idx, event_id, event_type, topic, record_key, occurred_at,"
            + " appended_at, vin, campaign_id, assignment_id, payload, leaf_hash";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final JdbcNodeStore nodes;
    private final Clock clock;
    private final Set<Long> partitions = ConcurrentHashMap.newKeySet();
    private @Nullable TreeBuilder edge;

    public AuditLog(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.nodes = new JdbcNodeStore(jdbc);
        this.clock = clock;
    }

    /**
     * Appends the events not yet in the log, in the order given; an event id already present is skipped, so
     * redelivery changes nothing.
     *
     * @return the indexes given to the new events, by event id
     */
    public synchronized Map<UUID, Long> append(List<ReceivedEvent> events) {
        if (events.isEmpty()) {
            return Map.of();
        }
        Appended appended = transactions.execute(status -> appendLocked(events));
        edge = appended.edge();
        return appended.indexes();
    }

    private record Appended(Map<UUID, Long> indexes, TreeBuilder edge) {}

    private Appended appendLocked(List<ReceivedEvent> events) {
        jdbc.query("select pg_advisory_xact_lock(?)", rs -> null, WRITER_LOCK);
        long size = currentSize();
        Map<UUID, ReceivedEvent> fresh = withoutKnownIds(events);
        TreeBuilder builder = edgeAt(size).copy();
        if (fresh.isEmpty()) {
            return new Appended(Map.of(), builder);
        }
        Instant now = clock.instant();
        List<Object[]> nodeRows = new ArrayList<>();
        List<LogEntry> entries = new ArrayList<>(fresh.size());
        Map<UUID, Long> indexes = new LinkedHashMap<>();
        for (ReceivedEvent event : fresh.values()) {
            long index = builder.size();
            byte[] leaf = Hashes.leaf(event.payload());
            builder.append(leaf, (node, hash) -> {
                if (node.level() > 0) {
                    nodeRows.add(new Object[] {(short) node.level(), node.index(), hash});
                }
            });
            entries.add(new LogEntry(
                    index,
                    event.eventId(),
                    event.eventType(),
                    event.topic(),
                    event.key(),
                    event.occurredAt(),
                    now,
                    event.vin(),
                    event.campaignId(),
                    event.assignmentId(),
                    event.payload(),
                    leaf));
            indexes.put(event.eventId(), index);
        }
        ensurePartitions(size, builder.size() - 1);
        insertEntries(entries);
        jdbc.batchUpdate(
                "insert into log_event_id (event_id, idx) values (?, ?)",
                entries.stream().map(e -> new Object[] {e.eventId(), e.index()}).toList());
        jdbc.batchUpdate("insert into merkle_node (level, idx, hash) values (?, ?, ?)", nodeRows);
        return new Appended(indexes, builder);
    }

    private Map<UUID, ReceivedEvent> withoutKnownIds(List<ReceivedEvent> events) {
        Object[] ids = events.stream().map(ReceivedEvent::eventId).distinct().toArray();
        Set<UUID> known = new HashSet<>();
        jdbc.query(
                "select event_id from log_event_id where event_id = any(?)",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids)),
                rs -> {
                    known.add(rs.getObject(1, UUID.class));
                });
        Map<UUID, ReceivedEvent> fresh = new LinkedHashMap<>();
        for (ReceivedEvent event : events) {
            if (!known.contains(event.eventId())) {
                fresh.putIfAbsent(event.eventId(), event);
            }
        }
        return fresh;
    }

    private TreeBuilder edgeAt(long size) {
        TreeBuilder cached = edge;
        if (cached != null && cached.size() == size) {
            return cached;
        }
        List<NodeId> ids = TreeBuilder.edgeOf(size);
        Map<NodeId, byte[]> hashes = nodes.read(ids);
        return TreeBuilder.resume(size, ids.stream().map(hashes::get).toList());
    }

    private void ensurePartitions(long firstIndex, long lastIndex) {
        for (long p = firstIndex / PARTITION_SIZE; p <= lastIndex / PARTITION_SIZE; p++) {
            if (!partitions.contains(p)) {
                jdbc.query("select audit_ensure_partition(?)", rs -> null, p);
                partitions.add(p);
            }
        }
    }

    private void insertEntries(List<LogEntry> entries) {
        jdbc.batchUpdate(
                "insert into log_entry (" + ENTRY_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                entries,
                500,
                (PreparedStatement ps, LogEntry e) -> {
                    ps.setLong(1, e.index());
                    ps.setObject(2, e.eventId());
                    ps.setString(3, e.eventType());
                    ps.setString(4, e.topic());
                    ps.setString(5, e.key());
                    ps.setTimestamp(6, Timestamp.from(e.occurredAt()));
                    ps.setTimestamp(7, Timestamp.from(e.appendedAt()));
                    ps.setString(8, e.vin());
                    setUuid(ps, 9, e.campaignId());
                    setUuid(ps, 10, e.assignmentId());
                    ps.setBytes(11, e.payload());
                    ps.setBytes(12, e.leafHash());
                });
    }

    private static void setUuid(PreparedStatement ps, int index, @Nullable UUID value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.OTHER);
        } else {
            ps.setObject(index, value);
        }
    }

    /** The number of entries (the next leaf index). */
    public long currentSize() {
        Long size = jdbc.queryForObject("select coalesce(max(idx) + 1, 0) from log_entry", Long.class);
        return size == null ? 0 : size;
    }

    /** The current tree head, computed from the stored right edge (O(log n) reads). */
    public TreeHead treeHead() {
        return transactions.execute(status -> {
            long size = currentSize();
            return new TreeHead(size, proofs().rootHash(size));
        });
    }

    /** Proofs answered from the stored subtrees. */
    public Proofs proofs() {
        return new Proofs(nodes);
    }

    public Optional<LogEntry> entry(long index) {
        return jdbc.query("select " + ENTRY_COLUMNS + " from log_entry where idx = ?", ENTRY, index).stream()
                .findFirst();
    }

    public Optional<LogEntry> entry(UUID eventId) {
        return jdbc
                .query(
                        "select " + ENTRY_COLUMNS + " from log_entry where idx = "
                                + "(select idx from log_event_id where event_id = ?)",
                        ENTRY,
                        eventId)
                .stream()
                .findFirst();
    }

    /** Entries with {@code from <= index < to}, in order. */
    public List<LogEntry> entries(long from, long to) {
        return jdbc.query(
                "select " + ENTRY_COLUMNS + " from log_entry where idx >= ? and idx < ? order by idx", ENTRY, from, to);
    }

    /**
     * Entries chosen by a SQL condition on {@code log_entry}, in log order, at most {@code limit}. The condition is
     * written by the calling code, never taken from a request; values go in as bind arguments.
     */
    public List<LogEntry> entriesWhere(String condition, int limit, Object... arguments) {
        return jdbc.query(
                "select " + ENTRY_COLUMNS + " from log_entry where " + condition + " order by idx limit " + limit,
                ENTRY,
                arguments);
    }

    static final RowMapper<LogEntry> ENTRY = (ResultSet rs, int row) -> new LogEntry(
            rs.getLong("idx"),
            rs.getObject("event_id", UUID.class),
            rs.getString("event_type"),
            rs.getString("topic"),
            rs.getString("record_key"),
            rs.getTimestamp("occurred_at").toInstant(),
            rs.getTimestamp("appended_at").toInstant(),
            rs.getString("vin"),
            rs.getObject("campaign_id", UUID.class),
            rs.getObject("assignment_id", UUID.class),
            rs.getBytes("payload"),
            rs.getBytes("leaf_hash"));
}

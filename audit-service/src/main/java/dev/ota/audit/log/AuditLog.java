package dev.ota.audit.log;

import dev.ota.audit.merkle.Hashes;
import dev.ota.audit.merkle.NodeId;
import dev.ota.audit.merkle.Proofs;
import dev.ota.audit.merkle.TreeBuilder;
import dev.ota.contracts.EventTypes;
import dev.ota.contracts.events.CampaignApproved;
import dev.ota.contracts.events.CampaignCreated;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
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
        BinaryCopy.Writer nodeRows = new BinaryCopy.Writer(fresh.size() * 60);
        List<LogEntry> entries = new ArrayList<>(fresh.size());
        Map<UUID, Long> indexes = new LinkedHashMap<>();
        for (ReceivedEvent event : fresh.values()) {
            long index = builder.size();
            byte[] leaf = Hashes.leaf(event.payload());
            builder.append(leaf, (node, hash) -> {
                if (node.level() > 0) {
                    nodeRows.row(3)
                            .int2((short) node.level())
                            .int8(node.index())
                            .bytea(hash);
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
        copyIn("log_entry (" + ENTRY_COLUMNS + ")", entryRows(entries));
        copyIn("log_event_id (event_id, idx)", eventIdRows(entries));
        if (!nodeRows.isEmpty()) {
            copyIn("merkle_node (level, idx, hash)", nodeRows.finish());
        }
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

    private static byte[] entryRows(List<LogEntry> entries) {
        BinaryCopy.Writer rows = new BinaryCopy.Writer(
                entries.stream().mapToInt(e -> e.payload().length + 256).sum());
        for (LogEntry e : entries) {
            rows.row(12)
                    .int8(e.index())
                    .uuid(e.eventId())
                    .text(e.eventType())
                    .text(e.topic())
                    .text(e.key())
                    .timestamptz(e.occurredAt())
                    .timestamptz(e.appendedAt())
                    .text(e.vin())
                    .uuid(e.campaignId())
                    .uuid(e.assignmentId())
                    .bytea(e.payload())
                    .bytea(e.leafHash());
        }
        return rows.finish();
    }

    private static byte[] eventIdRows(List<LogEntry> entries) {
        BinaryCopy.Writer rows = new BinaryCopy.Writer(entries.size() * 40);
        entries.forEach(e -> rows.row(2).uuid(e.eventId()).int8(e.index()));
        return rows.finish();
    }

    /**
     * Writes rows with one binary {@code COPY} on the transaction's connection: no statement to parse per row and no
     * text encoding of the payload. Safe against duplicates because the caller holds the writer lock and has removed
     * known event ids; the primary keys would still refuse a duplicate (and roll the batch back).
     */
    private void copyIn(String table, byte[] rows) {
        jdbc.execute((ConnectionCallback<Long>) connection -> {
            try {
                return connection
                        .unwrap(PGConnection.class)
                        .getCopyAPI()
                        .copyIn("copy " + table + " from stdin (format binary)", new ByteArrayInputStream(rows));
            } catch (IOException e) {
                throw new SQLException("COPY into " + table + " failed", e);
            }
        });
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

    /**
     * The {@code CampaignCreated} and {@code CampaignApproved} entries of the campaigns that {@code entries} name, in log
     * order: who created and approved each campaign, and the RXSWIN it declared.
     */
    public List<LogEntry> campaignDeclarations(List<LogEntry> entries, int limit) {
        String[] campaigns = entries.stream()
                .map(LogEntry::campaignId)
                .filter(Objects::nonNull)
                .map(UUID::toString)
                .distinct()
                .toArray(String[]::new);
        if (campaigns.length == 0) {
            return List.of();
        }
        return entriesWhere(
                "campaign_id = any(cast(? as uuid[])) and vin is null and event_type in (?, ?)",
                limit,
                campaigns,
                EventTypes.typeOf(CampaignCreated.class).name(),
                EventTypes.typeOf(CampaignApproved.class).name());
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

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
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
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

    /**
     * The lowest level of subtree written to {@code merkle_node}. Levels 1 to 3 made up seven eighths of its rows (one
     * row per appended event on average) and are rehashed when needed from at most eight consecutive leaves, which a
     * proof reads in the same query; a database written before this still holds them, unused.
     */
    public static final int LOWEST_STORED_LEVEL = 4;

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
        Appended appended = transactions.execute(status -> appendLocked(events, status));
        edge = appended.edge();
        // only once committed: a partition made by a transaction that rolled back does not exist
        partitions.addAll(appended.partitions());
        return appended.indexes();
    }

    private record Appended(Map<UUID, Long> indexes, TreeBuilder edge, List<Long> partitions) {}

    private Appended appendLocked(List<ReceivedEvent> events, TransactionStatus status) {
        jdbc.query("select pg_advisory_xact_lock(?)", (ResultSetExtractor<Boolean>) ResultSet::next, WRITER_LOCK);
        long size = currentSize();
        TreeBuilder builder = edgeAt(size).copy();
        Collection<ReceivedEvent> fresh = claimIds(distinctIds(events), size, status);
        if (fresh.isEmpty()) {
            return new Appended(Map.of(), builder, List.of());
        }
        List<Long> ensured = ensurePartitions(size, size + fresh.size() - 1);
        Instant now = clock.instant();
        BinaryCopy.Writer nodeRows = new BinaryCopy.Writer(fresh.size() * 8 + 64);
        Map<UUID, Long> indexes = new LinkedHashMap<>();
        // Leaves are hashed and rows encoded while the server is already inserting the rows sent before them.
        copyIn("log_entry (" + ENTRY_COLUMNS + ")", rows -> {
            for (ReceivedEvent event : fresh) {
                long index = builder.size();
                byte[] leaf = Hashes.leaf(event.payload());
                builder.append(leaf, (node, hash) -> {
                    if (node.level() >= LOWEST_STORED_LEVEL) {
                        nodeRows.row(3)
                                .int2((short) node.level())
                                .int8(node.index())
                                .bytea(hash);
                    }
                });
                rows.row(12)
                        .int8(index)
                        .uuid(event.eventId())
                        .text(event.eventType())
                        .text(event.topic())
                        .text(event.key())
                        .timestamptz(event.occurredAt())
                        .timestamptz(now)
                        .text(event.vin())
                        .uuid(event.campaignId())
                        .uuid(event.assignmentId())
                        .bytea(event.payload())
                        .bytea(leaf);
                indexes.put(event.eventId(), index);
            }
        });
        if (!nodeRows.isEmpty()) {
            copyIn("merkle_node (level, idx, hash)", nodeRows.finish());
        }
        return new Appended(indexes, builder, ensured);
    }

    private static Collection<ReceivedEvent> distinctIds(List<ReceivedEvent> events) {
        Map<UUID, ReceivedEvent> distinct = new LinkedHashMap<>();
        events.forEach(event -> distinct.putIfAbsent(event.eventId(), event));
        return distinct.values();
    }

    /**
     * Records the event ids of a batch (the first index goes to the first event) and returns the events to append:
     * those whose id the log did not know. A redelivered event is rare, so all ids are claimed in one {@code COPY}
     * without looking them up first; only when the primary key refuses one is the claim rolled back and the known ids
     * looked up. That saves a b-tree descent per event on the common path.
     */
    private Collection<ReceivedEvent> claimIds(Collection<ReceivedEvent> events, long size, TransactionStatus status) {
        Object beforeClaim = status.createSavepoint();
        try {
            copyIn("log_event_id (event_id, idx)", eventIdRows(events, size));
            status.releaseSavepoint(beforeClaim);
            return events;
        } catch (DuplicateKeyException redelivered) {
            status.rollbackToSavepoint(beforeClaim);
            status.releaseSavepoint(beforeClaim);
        }
        Collection<ReceivedEvent> fresh = withoutKnownIds(events);
        if (!fresh.isEmpty()) {
            copyIn("log_event_id (event_id, idx)", eventIdRows(fresh, size));
        }
        return fresh;
    }

    private Collection<ReceivedEvent> withoutKnownIds(Collection<ReceivedEvent> events) {
        Object[] ids = events.stream().map(ReceivedEvent::eventId).toArray();
        Set<UUID> known = new HashSet<>();
        jdbc.query(
                "select event_id from log_event_id where event_id = any(?)",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids)),
                rs -> {
                    known.add(rs.getObject(1, UUID.class));
                });
        return events.stream().filter(e -> !known.contains(e.eventId())).toList();
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

    /** @return the partitions made sure of in this transaction, to remember once it has committed */
    private List<Long> ensurePartitions(long firstIndex, long lastIndex) {
        List<Long> ensured = new ArrayList<>(1);
        for (long p = firstIndex / PARTITION_SIZE; p <= lastIndex / PARTITION_SIZE; p++) {
            if (!partitions.contains(p)) {
                jdbc.query("select audit_ensure_partition(?)", (ResultSetExtractor<Boolean>) ResultSet::next, p);
                ensured.add(p);
            }
        }
        return ensured;
    }

    private static byte[] eventIdRows(Collection<ReceivedEvent> events, long firstIndex) {
        BinaryCopy.Writer rows = new BinaryCopy.Writer(events.size() * 40);
        long index = firstIndex;
        for (ReceivedEvent event : events) {
            rows.row(2).uuid(event.eventId()).int8(index++);
        }
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

    /** As {@link #copyIn(String, byte[])}, with the rows sent to the server while {@code rows} is still writing them. */
    private void copyIn(String table, Consumer<BinaryCopy.Writer> rows) {
        jdbc.execute((ConnectionCallback<Long>) connection -> {
            PGCopyOutputStream stream = new PGCopyOutputStream(
                    connection.unwrap(PGConnection.class), "copy " + table + " from stdin (format binary)", 1 << 16);
            try {
                BinaryCopy.Writer writer = new BinaryCopy.Writer(stream);
                rows.accept(writer);
                writer.end();
                return stream.endCopy();
            } catch (UncheckedIOException e) {
                if (e.getCause() != null && e.getCause().getCause() instanceof SQLException refused) {
                    throw refused;
                }
                throw new SQLException("COPY into " + table + " failed", e);
            } finally {
                if (stream.isActive()) {
                    stream.cancelCopy();
                }
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

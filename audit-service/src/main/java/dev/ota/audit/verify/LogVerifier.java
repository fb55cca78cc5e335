package dev.ota.audit.verify;

import dev.ota.audit.checkpoint.Checkpoints;
import dev.ota.audit.checkpoint.StoredCheckpoint;
import dev.ota.audit.log.AuditLog;
import dev.ota.audit.log.BinaryCopy;
import dev.ota.audit.merkle.Hashes;
import dev.ota.audit.merkle.NodeId;
import dev.ota.audit.merkle.TreeBuilder;
import dev.ota.audit.note.Checkpoint;
import dev.ota.audit.note.NoteKey;
import dev.ota.audit.note.SignedNote;
import java.io.IOException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Recomputes the log from the stored event bytes alone and checks it against everything that vouches for it:
 *
 * <ul>
 *   <li>each payload against its stored leaf hash (a changed or reordered event);
 *   <li>indexes without gaps (a removed event);
 *   <li>every stored subtree hash against the one recomputed from the leaves (a doctored proof source);
 *   <li>every signed checkpoint, after checking its signature, against the recomputed root at its size, and a
 *       checkpoint an auditor kept, if given (a rewrite of the whole history, or a truncation).
 * </ul>
 *
 * A superuser can disable the append-only triggers and rewrite rows; that is exactly what this detects. Entries after
 * the newest checkpoint an auditor holds can be rewritten consistently by such an attacker; checkpoints are signed
 * every interval to keep that window short.
 */
@Service
public class LogVerifier {

    /** Entries handed from the reading thread to the hashing one at a time. */
    static final int CHUNK = 4_096;

    /** Recomputed subtree hashes compared with the stored ones per query (a few range scans). */
    static final int NODE_BATCH = 65_536;

    private final JdbcTemplate jdbc;
    private final Checkpoints checkpoints;

    LogVerifier(JdbcTemplate jdbc, Checkpoints checkpoints) {
        this.jdbc = jdbc;
        this.checkpoints = checkpoints;
    }

    private record Row(long index, byte[] payload, byte[] leafHash) {}

    private record Pending(NodeId node, byte[] hash) {}

    /**
     * @param heldByAuditor a signed checkpoint an auditor kept, checked like the stored ones, or null
     */
    public VerificationReport verify(@Nullable String heldByAuditor) {
        Findings findings = new Findings();
        NoteKey key = checkpoints.key();
        TreeMap<Long, List<Checkpoint>> bySize = new TreeMap<>();
        for (StoredCheckpoint stored : checkpoints.all()) {
            collect(stored.note(), "stored checkpoint " + stored.id(), key, bySize, findings);
        }
        if (heldByAuditor != null) {
            collect(heldByAuditor, "the auditor's checkpoint", key, bySize, findings);
        }

        TreeBuilder tree = TreeBuilder.empty();
        List<Pending> pending = new ArrayList<>(NODE_BATCH + 64);
        long expected = 0;
        long lastMatchingCheckpoint = 0;
        int checked = 0;
        boolean treeTrustworthy = true;
        try (EntryStream stream = new EntryStream(dataSource())) {
            for (Row[] chunk = stream.next(); chunk.length > 0; chunk = stream.next()) {
                byte[][] leaves = leafHashes(chunk);
                for (int i = 0; i < chunk.length; i++) {
                    Row row = chunk[i];
                    if (row.index() != expected) {
                        findings.entry(
                                expected,
                                "entries " + expected + " to " + (row.index() - 1)
                                        + " are missing (removed from the log)");
                        treeTrustworthy = false;
                        expected = row.index();
                    }
                    byte[] leaf = leaves[i];
                    if (!MessageDigest.isEqual(leaf, row.leafHash())) {
                        findings.entry(
                                row.index(),
                                "entry " + row.index() + ": the stored event no longer hashes to its leaf hash"
                                        + " (changed, or moved from another index)");
                    }
                    if (treeTrustworthy) {
                        tree.append(leaf, (node, hash) -> {
                            if (node.level() >= AuditLog.LOWEST_STORED_LEVEL) {
                                pending.add(new Pending(node, hash));
                            }
                        });
                        if (pending.size() >= NODE_BATCH) {
                            compareNodes(pending, findings);
                        }
                        List<Checkpoint> due = bySize.get(tree.size());
                        if (due != null) {
                            checked += due.size();
                            if (compareCheckpoints(due, tree, lastMatchingCheckpoint, findings)) {
                                lastMatchingCheckpoint = tree.size();
                            }
                        }
                    }
                    expected++;
                }
            }
        }
        compareNodes(pending, findings);

        long entries = expected;
        Long largestSigned = bySize.isEmpty() ? null : bySize.lastKey();
        if (largestSigned != null && largestSigned > entries) {
            findings.add(
                    entries,
                    "a checkpoint was signed at size " + largestSigned + " but the log ends at " + entries
                            + ": entries were removed from its end");
        }
        Long ids = jdbc.queryForObject("select count(*) from log_event_id where idx < ?", Long.class, entries);
        if (ids != null && ids != entries && !findings.any()) {
            findings.add(entries, "the log has " + entries + " entries but " + ids + " recorded event ids");
        }
        return new VerificationReport(
                !findings.any(),
                entries,
                checked,
                findings.firstBadIndex(),
                Hashes.hex(tree.root()),
                findings.problems());
    }

    private static void collect(
            String note, String what, NoteKey key, TreeMap<Long, List<Checkpoint>> bySize, Findings findings) {
        try {
            SignedNote signed = SignedNote.parse(note);
            Checkpoint checkpoint = Checkpoint.parse(signed.body());
            if (!signed.verifiedBy(key) || !checkpoint.origin().equals(key.name())) {
                findings.add(what + " (size " + checkpoint.treeSize() + ") is not signed by this log's key");
                return;
            }
            bySize.computeIfAbsent(checkpoint.treeSize(), s -> new ArrayList<>())
                    .add(checkpoint);
        } catch (IllegalArgumentException e) {
            findings.add(what + " is not a well-formed signed checkpoint: " + e.getMessage());
        }
    }

    private static boolean compareCheckpoints(
            List<Checkpoint> due, TreeBuilder tree, long lastMatching, Findings findings) {
        byte[] root = tree.root();
        boolean allMatch = true;
        for (Checkpoint checkpoint : due) {
            if (!MessageDigest.isEqual(root, checkpoint.rootHash())) {
                allMatch = false;
                findings.range(
                        lastMatching,
                        checkpoint.treeSize(),
                        "the checkpoint signed at " + checkpoint.timestamp() + " for size " + checkpoint.treeSize()
                                + " does not match the stored entries: history between index " + lastMatching
                                + " and " + (checkpoint.treeSize() - 1) + " was rewritten");
            }
        }
        return allMatch;
    }

    /**
     * Compares recomputed subtree hashes with the stored ones. The pending nodes of each level are consecutive (they
     * complete in leaf order), so the stored ones come back with one primary-key range scan per level.
     */
    private void compareNodes(List<Pending> pending, Findings findings) {
        if (pending.isEmpty()) {
            return;
        }
        long[] low = new long[63];
        long[] high = new long[63];
        java.util.Arrays.fill(low, Long.MAX_VALUE);
        java.util.Arrays.fill(high, -1);
        for (Pending p : pending) {
            int level = p.node().level();
            low[level] = Math.min(low[level], p.node().index());
            high[level] = Math.max(high[level], p.node().index());
        }
        List<Short> levels = new ArrayList<>();
        List<Long> lows = new ArrayList<>();
        List<Long> highs = new ArrayList<>();
        byte[][][] stored = new byte[63][][];
        for (int level = 1; level < 63; level++) {
            if (high[level] >= 0) {
                levels.add((short) level);
                lows.add(low[level]);
                highs.add(high[level]);
                stored[level] = new byte[(int) (high[level] - low[level] + 1)][];
            }
        }
        jdbc.query(
                """
                select n.level, n.idx, n.hash from merkle_node n
                join unnest(?::smallint[], ?::bigint[], ?::bigint[]) as wanted(level, low, high)
                  on n.level = wanted.level and n.idx between wanted.low and wanted.high
                """,
                ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("smallint", levels.toArray()));
                    ps.setArray(2, ps.getConnection().createArrayOf("bigint", lows.toArray()));
                    ps.setArray(3, ps.getConnection().createArrayOf("bigint", highs.toArray()));
                },
                rs -> {
                    int level = rs.getShort(1);
                    stored[level][(int) (rs.getLong(2) - low[level])] = rs.getBytes(3);
                });
        for (Pending p : pending) {
            int level = p.node().level();
            byte[] hash = stored[level][(int) (p.node().index() - low[level])];
            if (hash == null) {
                findings.range(
                        p.node().firstLeaf(),
                        p.node().endLeaf(),
                        "subtree " + describe(p.node()) + " has no stored hash (removed from the log)");
            } else if (!MessageDigest.isEqual(hash, p.hash())) {
                findings.range(
                        p.node().firstLeaf(),
                        p.node().endLeaf(),
                        "the stored hash of subtree " + describe(p.node()) + " does not match its entries");
            }
        }
        pending.clear();
    }

    /** Leaf hashes of a chunk, computed on both cores when the chunk is large enough to be worth it. */
    private static byte[][] leafHashes(Row[] chunk) {
        byte[][] leaves = new byte[chunk.length][];
        IntStream.range(0, chunk.length).parallel().forEach(i -> leaves[i] = Hashes.leaf(chunk[i].payload()));
        return leaves;
    }

    private DataSource dataSource() {
        DataSource dataSource = jdbc.getDataSource();
        if (dataSource == null) {
            throw new IllegalStateException("the verifier needs a data source");
        }
        return dataSource;
    }

    /**
     * The log's entries in index order, read with one binary {@code COPY} on a connection of its own by a thread of
     * its own, while the caller hashes: reading and hashing overlap on the two cores.
     */
    private static final class EntryStream implements AutoCloseable {

        private static final Row[] END = new Row[0];

        private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(8);
        private final Thread reader;
        private volatile boolean closed;

        EntryStream(DataSource dataSource) {
            reader = Thread.ofPlatform().name("audit-verify-reader").daemon().start(() -> read(dataSource));
        }

        private void read(DataSource dataSource) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setReadOnly(true);
                var copy = new PGCopyInputStream(
                        connection.unwrap(PGConnection.class),
                        "copy (select idx, payload, leaf_hash from log_entry order by idx) to stdout (format binary)");
                BinaryCopy.Reader rows = new BinaryCopy.Reader(copy);
                List<Row> chunk = new ArrayList<>(CHUNK);
                while (!closed && rows.next() >= 0) {
                    chunk.add(new Row(rows.int8(), rows.bytea(), rows.bytea()));
                    if (chunk.size() == CHUNK) {
                        chunks.put(chunk.toArray(Row[]::new));
                        chunk.clear();
                    }
                }
                if (closed) {
                    copy.close();
                    return;
                }
                if (!chunk.isEmpty()) {
                    chunks.put(chunk.toArray(Row[]::new));
                }
                chunks.put(END);
            } catch (SQLException | IOException | RuntimeException e) {
                offer(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void offer(Exception failure) {
            try {
                chunks.put(failure);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * @return the next chunk, empty at the end
         */
        Row[] next() {
            Object next;
            try {
                next = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the log", e);
            }
            if (next instanceof Exception failure) {
                throw new IllegalStateException("could not read the log: " + failure.getMessage(), failure);
            }
            return (Row[]) next;
        }

        @Override
        public void close() {
            closed = true;
            chunks.clear();
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String describe(NodeId node) {
        return "[" + node.firstLeaf() + ", " + node.endLeaf() + ")";
    }
}

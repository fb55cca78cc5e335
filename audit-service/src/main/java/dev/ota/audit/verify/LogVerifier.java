package dev.ota.audit.verify;

import dev.ota.audit.checkpoint.Checkpoints;
import dev.ota.audit.checkpoint.StoredCheckpoint;
import dev.ota.audit.merkle.Hashes;
import dev.ota.audit.merkle.NodeId;
import dev.ota.audit.merkle.TreeBuilder;
import dev.ota.audit.note.Checkpoint;
import dev.ota.audit.note.NoteKey;
import dev.ota.audit.note.SignedNote;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
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

    static final int CHUNK = 10_000;
    static final int NODE_BATCH = 8_192;

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
        List<Pending> pending = new ArrayList<>();
        long expected = 0;
        long lastMatchingCheckpoint = 0;
        int checked = 0;
        boolean treeTrustworthy = true;
        List<Row> chunk;
        do {
            chunk = jdbc.query(
                    "select idx, payload, leaf_hash from log_entry where idx >= ? order by idx limit ?",
                    (rs, n) -> new Row(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)),
                    expected,
                    CHUNK);
            for (Row row : chunk) {
                if (row.index() != expected) {
                    findings.entry(
                            expected,
                            "entries " + expected + " to " + (row.index() - 1) + " are missing (removed from the log)");
                    treeTrustworthy = false;
                    expected = row.index();
                }
                byte[] leaf = Hashes.leaf(row.payload());
                if (!MessageDigest.isEqual(leaf, row.leafHash())) {
                    findings.entry(
                            row.index(),
                            "entry " + row.index() + ": the stored event no longer hashes to its leaf hash"
                                    + " (changed, or moved from another index)");
                }
                if (treeTrustworthy) {
                    tree.append(leaf, (node, hash) -> {
                        if (node.level() > 0) {
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
        } while (chunk.size() == CHUNK);
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

    private void compareNodes(List<Pending> pending, Findings findings) {
        if (pending.isEmpty()) {
            return;
        }
        Object[] levels = pending.stream().map(p -> (short) p.node().level()).toArray();
        Object[] indexes = pending.stream().map(p -> p.node().index()).toArray();
        Map<NodeId, byte[]> stored = new LinkedHashMap<>();
        jdbc.query(
                """
                select n.level, n.idx, n.hash from merkle_node n
                join unnest(?::smallint[], ?::bigint[]) as wanted(level, idx)
                  on n.level = wanted.level and n.idx = wanted.idx
                """,
                ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("smallint", levels));
                    ps.setArray(2, ps.getConnection().createArrayOf("bigint", indexes));
                },
                rs -> {
                    stored.put(new NodeId(rs.getShort(1), rs.getLong(2)), rs.getBytes(3));
                });
        for (Pending p : pending) {
            byte[] hash = stored.get(p.node());
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

    private static String describe(NodeId node) {
        return "[" + node.firstLeaf() + ", " + node.endLeaf() + ")";
    }
}

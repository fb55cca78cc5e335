package dev.ota.audit.log;

import dev.ota.audit.merkle.Hashes;
import dev.ota.audit.merkle.NodeId;
import dev.ota.audit.merkle.NodeReader;
import java.sql.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Subtree hashes from PostgreSQL: leaves from {@code log_entry}, subtrees of {@link AuditLog#LOWEST_STORED_LEVEL} and
 * above from {@code merkle_node}, and the small subtrees in between rehashed from their leaves (at most
 * {@code 2^(LOWEST_STORED_LEVEL - 1)} consecutive leaves each). All nodes a proof needs come back in one round trip:
 * O(log n) primary-key point reads.
 */
final class JdbcNodeStore implements NodeReader {

    private final JdbcTemplate jdbc;

    JdbcNodeStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<NodeId, byte[]> read(Collection<NodeId> nodes) {
        Set<Long> leaves = new LinkedHashSet<>();
        List<Short> levels = new ArrayList<>();
        List<Long> indexes = new ArrayList<>();
        List<NodeId> rehashed = new ArrayList<>();
        for (NodeId node : nodes) {
            if (node.level() == 0) {
                leaves.add(node.index());
            } else if (node.level() < AuditLog.LOWEST_STORED_LEVEL) {
                rehashed.add(node);
                for (long leaf = node.firstLeaf(); leaf < node.endLeaf(); leaf++) {
                    leaves.add(leaf);
                }
            } else {
                levels.add((short) node.level());
                indexes.add(node.index());
            }
        }
        Map<NodeId, byte[]> found = new HashMap<>(nodes.size() * 2);
        jdbc.query(
                """
                select 0::smallint, idx, leaf_hash from log_entry where idx = any(?::bigint[])
                union all
                select n.level, n.idx, n.hash from merkle_node n
                join unnest(?::smallint[], ?::bigint[]) as wanted(level, idx)
                  on n.level = wanted.level and n.idx = wanted.idx
                """,
                ps -> {
                    ps.setArray(1, array(ps.getConnection(), "bigint", leaves.toArray()));
                    ps.setArray(2, array(ps.getConnection(), "smallint", levels.toArray()));
                    ps.setArray(3, array(ps.getConnection(), "bigint", indexes.toArray()));
                },
                rs -> {
                    found.put(new NodeId(rs.getShort(1), rs.getLong(2)), rs.getBytes(3));
                });
        for (NodeId node : rehashed) {
            found.put(node, rehash(node, found));
        }
        for (NodeId node : nodes) {
            if (!found.containsKey(node)) {
                throw new IllegalStateException("the log has no hash for subtree " + node);
            }
        }
        return found;
    }

    private static byte[] rehash(NodeId node, Map<NodeId, byte[]> found) {
        if (node.level() == 0) {
            byte[] leaf = found.get(node);
            if (leaf == null) {
                throw new IllegalStateException("the log has no leaf " + node.index());
            }
            return leaf;
        }
        return Hashes.node(
                rehash(new NodeId(node.level() - 1, 2 * node.index()), found),
                rehash(new NodeId(node.level() - 1, 2 * node.index() + 1), found));
    }

    private static Array array(java.sql.Connection connection, String type, Object[] values)
            throws java.sql.SQLException {
        return connection.createArrayOf(type, values);
    }
}

package dev.ota.audit.log;

import dev.ota.audit.merkle.NodeId;
import dev.ota.audit.merkle.NodeReader;
import java.sql.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Subtree hashes from PostgreSQL: leaves from {@code log_entry}, everything above from {@code merkle_node}. All nodes a
 * proof needs come back in one round trip: O(log n) primary-key point reads, never a rehash.
 */
final class JdbcNodeStore implements NodeReader {

    private final JdbcTemplate jdbc;

    JdbcNodeStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<NodeId, byte[]> read(Collection<NodeId> nodes) {
        List<Long> leaves = new ArrayList<>();
        List<Short> levels = new ArrayList<>();
        List<Long> indexes = new ArrayList<>();
        for (NodeId node : nodes) {
            if (node.level() == 0) {
                leaves.add(node.index());
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
        for (NodeId node : nodes) {
            if (!found.containsKey(node)) {
                throw new IllegalStateException("the log has no hash for subtree " + node);
            }
        }
        return found;
    }

    private static Array array(java.sql.Connection connection, String type, Object[] values)
            throws java.sql.SQLException {
        return connection.createArrayOf(type, values);
    }
}

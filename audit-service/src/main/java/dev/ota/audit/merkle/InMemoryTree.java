package dev.ota.audit.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tree held in memory, one packed array of hashes per level: for tests, benchmarks and building proofs for an
 * exported bundle. Not for the service's log, which lives in PostgreSQL.
 */
public final class InMemoryTree implements NodeReader {

    private final List<PackedHashes> levels = new ArrayList<>();
    private final TreeBuilder builder = TreeBuilder.empty();

    public static InMemoryTree ofLeafHashes(List<byte[]> leafHashes) {
        InMemoryTree tree = new InMemoryTree();
        leafHashes.forEach(tree::append);
        return tree;
    }

    public void append(byte[] leafHash) {
        builder.append(leafHash, (node, hash) -> {
            while (levels.size() <= node.level()) {
                levels.add(new PackedHashes());
            }
            levels.get(node.level()).add(hash);
        });
    }

    public long size() {
        return builder.size();
    }

    public byte[] root() {
        return builder.root();
    }

    public Proofs proofs() {
        return new Proofs(this);
    }

    @Override
    public Map<NodeId, byte[]> read(Collection<NodeId> nodes) {
        Map<NodeId, byte[]> found = new HashMap<>(nodes.size() * 2);
        for (NodeId node : nodes) {
            if (node.level() >= levels.size() || node.index() >= levels.get(node.level()).count) {
                throw new IllegalStateException("no such node: " + node);
            }
            found.put(node, levels.get(node.level()).get(node.index()));
        }
        return found;
    }

    private static final class PackedHashes {
        private byte[] bytes = new byte[Hashes.SIZE * 1024];
        private long count;

        void add(byte[] hash) {
            long offset = count * Hashes.SIZE;
            if (offset + Hashes.SIZE > bytes.length) {
                long grown = Math.min((long) bytes.length * 2, Integer.MAX_VALUE - 64);
                if (grown < offset + Hashes.SIZE) {
                    throw new IllegalStateException("level too large for memory");
                }
                bytes = Arrays.copyOf(bytes, (int) grown);
            }
            System.arraycopy(hash, 0, bytes, (int) offset, Hashes.SIZE);
            count++;
        }

        byte[] get(long index) {
            int offset = (int) (index * Hashes.SIZE);
            return Arrays.copyOfRange(bytes, offset, offset + Hashes.SIZE);
        }
    }
}

package dev.ota.audit.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * Appends leaves to a tree while keeping only its right edge: the roots of the complete subtrees that make up the
 * tree, largest first (at most 63 hashes). Each append reports the complete subtrees it finishes, so a store can
 * persist them and later answer proofs without rehashing.
 */
public final class TreeBuilder {

    /** Receives each complete subtree the moment its hash is known, the leaf itself (level 0) first. */
    @FunctionalInterface
    public interface CompletedNodes {
        void completed(NodeId node, byte[] hash);
    }

    private final ArrayList<byte[]> edge;
    private long size;

    private TreeBuilder(long size, List<byte[]> edge) {
        this.size = size;
        this.edge = new ArrayList<>(edge);
    }

    public static TreeBuilder empty() {
        return new TreeBuilder(0, List.of());
    }

    /**
     * Resumes a tree of {@code size} leaves from the hashes of {@link #edgeOf(long)} for that size, in that order.
     */
    public static TreeBuilder resume(long size, List<byte[]> edgeHashes) {
        if (edgeHashes.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("a tree of " + size + " leaves has " + Long.bitCount(size)
                    + " complete subtrees on its edge, not " + edgeHashes.size());
        }
        return new TreeBuilder(size, edgeHashes);
    }

    /** The complete subtrees a tree of {@code size} leaves consists of, largest first. */
    public static List<NodeId> edgeOf(long size) {
        return TreeMath.completeSubtrees(0, size);
    }

    public TreeBuilder copy() {
        return new TreeBuilder(size, edge);
    }

    public long size() {
        return size;
    }

    /** Appends one leaf hash and reports the leaf and every subtree it completes. */
    public void append(byte[] leafHash, CompletedNodes completed) {
        long index = size;
        byte[] hash = leafHash;
        int level = 0;
        completed.completed(new NodeId(0, index), hash);
        while ((index & 1) == 1) {
            hash = Hashes.node(edge.removeLast(), hash);
            index >>= 1;
            level++;
            completed.completed(new NodeId(level, index), hash);
        }
        edge.add(hash);
        size++;
    }

    public void append(byte[] leafHash) {
        append(leafHash, (node, hash) -> {});
    }

    /** MTH of the whole tree (RFC 9162 §2.1.1): the edge folded from the right. */
    public byte[] root() {
        if (edge.isEmpty()) {
            return Hashes.emptyRoot();
        }
        byte[] hash = edge.getLast();
        for (int i = edge.size() - 2; i >= 0; i--) {
            hash = Hashes.node(edge.get(i), hash);
        }
        return hash;
    }
}

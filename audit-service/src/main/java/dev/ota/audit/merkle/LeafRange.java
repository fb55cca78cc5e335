package dev.ota.audit.merkle;

import java.util.List;
import java.util.Map;

/** Leaves {@code [from, to)} of the tree, whose hash is MTH(D[from:to]) of RFC 9162 §2.1.1. */
record LeafRange(long from, long to) {

    List<NodeId> subtrees() {
        return TreeMath.completeSubtrees(from, to);
    }

    byte[] hash(Map<NodeId, byte[]> nodes) {
        List<NodeId> parts = subtrees();
        byte[] hash = require(nodes, parts.getLast());
        for (int i = parts.size() - 2; i >= 0; i--) {
            hash = Hashes.node(require(nodes, parts.get(i)), hash);
        }
        return hash;
    }

    private static byte[] require(Map<NodeId, byte[]> nodes, NodeId id) {
        byte[] hash = nodes.get(id);
        if (hash == null) {
            throw new IllegalStateException("node store has no hash for " + id);
        }
        return hash;
    }
}

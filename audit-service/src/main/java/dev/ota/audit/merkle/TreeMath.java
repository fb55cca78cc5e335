package dev.ota.audit.merkle;

import java.util.ArrayList;
import java.util.List;

/** Index arithmetic of the RFC 9162 tree. */
final class TreeMath {

    private TreeMath() {}

    /** The largest power of two smaller than {@code n} (n > 1): the split point k of RFC 9162 §2.1.1. */
    static long split(long n) {
        if (n < 2) {
            throw new IllegalArgumentException("only a tree of two or more leaves splits: " + n);
        }
        return Long.highestOneBit(n - 1);
    }

    /**
     * The complete subtrees that make up leaves {@code [from, to)}, largest first. Every range the RFC 9162 recursion
     * visits starts at a multiple of its own split, so the result folded from the right is the range's tree hash.
     */
    static List<NodeId> completeSubtrees(long from, long to) {
        List<NodeId> nodes = new ArrayList<>(64);
        long start = from;
        while (start < to) {
            int alignment = start == 0 ? 62 : Long.numberOfTrailingZeros(start);
            int fits = 63 - Long.numberOfLeadingZeros(to - start);
            int level = Math.min(alignment, fits);
            nodes.add(new NodeId(level, start >> level));
            start += 1L << level;
        }
        return nodes;
    }
}

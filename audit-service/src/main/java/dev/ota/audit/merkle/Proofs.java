package dev.ota.audit.merkle;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds tree heads and proofs from stored subtree hashes. Each proof element is the hash of a range the RFC 9162
 * recursion names; each range is a handful of complete subtrees, so a proof costs O(log n) node reads, fetched in one
 * request to the {@link NodeReader}.
 */
public final class Proofs {

    private final NodeReader nodes;

    public Proofs(NodeReader nodes) {
        this.nodes = nodes;
    }

    /** MTH(D[0:size]), RFC 9162 §2.1.1. */
    public byte[] rootHash(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("tree size must not be negative");
        }
        if (size == 0) {
            return Hashes.emptyRoot();
        }
        return hashes(List.of(new LeafRange(0, size))).getFirst();
    }

    /** PATH(index, D[0:size]) of RFC 9162 §2.1.3.1, ordered from the leaf's sibling up to the root's child. */
    public List<byte[]> inclusion(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of size " + size);
        }
        List<LeafRange> ranges = new ArrayList<>();
        path(index, 0, size, ranges);
        return hashes(ranges);
    }

    /** PROOF(first, D[0:second]) of RFC 9162 §2.1.4.1; empty when the sizes are equal or the first tree is empty. */
    public List<byte[]> consistency(long first, long second) {
        if (first < 0 || first > second) {
            throw new IllegalArgumentException("no consistency proof from size " + first + " to " + second);
        }
        if (first == 0 || first == second) {
            return List.of();
        }
        List<LeafRange> ranges = new ArrayList<>();
        subproof(first, 0, second, true, ranges);
        return hashes(ranges);
    }

    private static void path(long m, long from, long to, List<LeafRange> out) {
        if (to - from == 1) {
            return;
        }
        long k = TreeMath.split(to - from);
        if (m < from + k) {
            path(m, from, from + k, out);
            out.add(new LeafRange(from + k, to));
        } else {
            path(m, from + k, to, out);
            out.add(new LeafRange(from, from + k));
        }
    }

    /** SUBPROOF(m, D[from:to], b); {@code m} is an absolute leaf count. */
    private static void subproof(long m, long from, long to, boolean startsAtFirstTree, List<LeafRange> out) {
        if (m == to) {
            if (!startsAtFirstTree) {
                out.add(new LeafRange(from, to));
            }
            return;
        }
        long k = TreeMath.split(to - from);
        if (m - from <= k) {
            subproof(m, from, from + k, startsAtFirstTree, out);
            out.add(new LeafRange(from + k, to));
        } else {
            subproof(m, from + k, to, false, out);
            out.add(new LeafRange(from, from + k));
        }
    }

    private List<byte[]> hashes(List<LeafRange> ranges) {
        Set<NodeId> wanted = new LinkedHashSet<>();
        ranges.forEach(range -> wanted.addAll(range.subtrees()));
        Map<NodeId, byte[]> found = nodes.read(wanted);
        List<byte[]> result = new ArrayList<>(ranges.size());
        ranges.forEach(range -> result.add(range.hash(found)));
        return result;
    }
}

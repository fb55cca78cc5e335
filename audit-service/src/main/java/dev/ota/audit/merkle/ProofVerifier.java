package dev.ota.audit.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/** Checks proofs exactly as RFC 9162 prescribes, for clients that hold nothing but a tree head. */
public final class ProofVerifier {

    private ProofVerifier() {}

    /** RFC 9162 §2.1.3.2: verifying an inclusion proof. */
    public static boolean inclusion(byte[] leafHash, long index, long treeSize, List<byte[]> path, byte[] rootHash) {
        if (!wellFormed(leafHash) || !wellFormed(rootHash) || !path.stream().allMatch(ProofVerifier::wellFormed)) {
            return false;
        }
        // Step 1: the leaf index must lie inside the tree.
        if (index < 0 || index >= treeSize) {
            return false;
        }
        long fn = index;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            // Step 4a: a path longer than the tree is high is refused.
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = Hashes.node(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = Hashes.node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        // Step 5: the path must have reached the root, and the computed root must be the one signed.
        return sn == 0 && MessageDigest.isEqual(r, rootHash);
    }

    /** RFC 9162 §2.1.4.2: verifying a consistency proof between two tree heads. */
    public static boolean consistency(
            long firstSize, long secondSize, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
        if (!wellFormed(firstRoot) || !wellFormed(secondRoot) || !proof.stream().allMatch(ProofVerifier::wellFormed)) {
            return false;
        }
        if (firstSize < 0 || firstSize > secondSize) {
            return false;
        }
        if (firstSize == secondSize) {
            // Equal trees are consistent only when identical; there is nothing to prove.
            return proof.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
        }
        if (firstSize == 0) {
            // Every tree extends the empty tree; RFC 9162 §2.1.4.1 defines no proof for it.
            return proof.isEmpty() && MessageDigest.isEqual(firstRoot, Hashes.emptyRoot());
        }
        // Step 1: an empty proof proves nothing between different sizes.
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        // Step 2: when the first tree is a complete subtree, its root is the proof's implicit first element.
        if (Long.bitCount(firstSize) == 1) {
            path.addFirst(firstRoot);
        }
        long fn = firstSize - 1;
        long sn = secondSize - 1;
        // Step 4
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.getFirst();
        byte[] sr = path.getFirst();
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = Hashes.node(c, fr);
                sr = Hashes.node(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = Hashes.node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        // Step 7: both roots must be reproduced and the proof fully consumed.
        return MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot) && sn == 0;
    }

    private static boolean wellFormed(byte[] hash) {
        return hash != null && hash.length == Hashes.SIZE;
    }
}

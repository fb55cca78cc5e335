package dev.ota.campaign.dashboard;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 9162 Merkle tree written from the RFC's definitions (MTH and PATH, section 2.1), independent of the page's
 * verifier, so that a browser test can hand the page proofs it did not compute itself. Checked against the RFC 6962
 * reference roots in {@code RfcMerkleTreeTests}.
 */
final class RfcMerkleTree {

    private final List<byte[]> leaves;

    RfcMerkleTree(List<byte[]> entries) {
        this.leaves = entries.stream().map(RfcMerkleTree::leafHash).toList();
    }

    static byte[] leafHash(byte[] entry) {
        return sha256((byte) 0, entry, new byte[0]);
    }

    byte[] root() {
        return hash(0, leaves.size());
    }

    /** PATH(m, D[n]): the audit path of leaf m, lowest level first. */
    List<byte[]> path(int m) {
        List<byte[]> path = new ArrayList<>();
        path(m, 0, leaves.size(), path);
        return path;
    }

    private void path(int m, int from, int to, List<byte[]> path) {
        int n = to - from;
        if (n <= 1) {
            return;
        }
        int k = Integer.highestOneBit(n - 1);
        if (m < k) {
            path(m, from, from + k, path);
            path.add(hash(from + k, to));
        } else {
            path(m - k, from + k, to, path);
            path.add(hash(from, from + k));
        }
    }

    private byte[] hash(int from, int to) {
        int n = to - from;
        if (n == 0) {
            return sha256Of(new byte[0]);
        }
        if (n == 1) {
            return leaves.get(from);
        }
        int k = Integer.highestOneBit(n - 1);
        return sha256((byte) 1, hash(from, from + k), hash(from + k, to));
    }

    private static byte[] sha256(byte prefix, byte[] left, byte[] right) {
        byte[] message = new byte[1 + left.length + right.length];
        message[0] = prefix;
        System.arraycopy(left, 0, message, 1, left.length);
        System.arraycopy(right, 0, message, 1 + left.length, right.length);
        return sha256Of(message);
    }

    private static byte[] sha256Of(byte[] message) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.ota.audit.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The RFC 9162 definitions transcribed literally (§2.1.1 MTH, §2.1.3.1 PATH, §2.1.4.1 PROOF/SUBPROOF), recursive and
 * slow, with its own hashing: an independent oracle for the production code, sharing nothing with it.
 */
final class Rfc9162Reference {

    private Rfc9162Reference() {}

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] leaf(byte[] data) {
        return sha256(new byte[] {0}, data);
    }

    static byte[] mth(List<byte[]> entries) {
        int n = entries.size();
        if (n == 0) {
            return sha256();
        }
        if (n == 1) {
            return leaf(entries.getFirst());
        }
        int k = largestPowerOfTwoBelow(n);
        return sha256(new byte[] {1}, mth(entries.subList(0, k)), mth(entries.subList(k, n)));
    }

    static List<byte[]> path(int m, List<byte[]> entries) {
        int n = entries.size();
        List<byte[]> out = new ArrayList<>();
        if (n == 1) {
            return out;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            out.addAll(path(m, entries.subList(0, k)));
            out.add(mth(entries.subList(k, n)));
        } else {
            out.addAll(path(m - k, entries.subList(k, n)));
            out.add(mth(entries.subList(0, k)));
        }
        return out;
    }

    static List<byte[]> proof(int m, List<byte[]> entries) {
        return subproof(m, entries, true);
    }

    private static List<byte[]> subproof(int m, List<byte[]> entries, boolean b) {
        int n = entries.size();
        List<byte[]> out = new ArrayList<>();
        if (m == n) {
            if (!b) {
                out.add(mth(entries));
            }
            return out;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            out.addAll(subproof(m, entries.subList(0, k), b));
            out.add(mth(entries.subList(k, n)));
        } else {
            out.addAll(subproof(m - k, entries.subList(k, n), false));
            out.add(mth(entries.subList(0, k)));
        }
        return out;
    }

    private static int largestPowerOfTwoBelow(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }
}

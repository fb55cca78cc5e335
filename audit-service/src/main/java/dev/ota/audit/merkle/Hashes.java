package dev.ota.audit.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 hashing of RFC 9162 §2.1.1: a leaf is hashed as {@code HASH(0x00 || data)} and an interior node as
 * {@code HASH(0x01 || left || right)}. The distinct prefixes are the domain separation that stops a leaf from being
 * passed off as an interior node (second-preimage attack, RFC 9162 §2.1.1).
 */
public final class Hashes {

    /** Length of every hash in the tree. */
    public static final int SIZE = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Hashes::newDigest);
    private static final byte[] EMPTY = SHA256.get().digest();

    private Hashes() {}

    /** The root of the empty tree: the hash of the empty string (RFC 9162 §2.1.1). */
    public static byte[] emptyRoot() {
        return EMPTY.clone();
    }

    public static byte[] leaf(byte[] data) {
        MessageDigest digest = SHA256.get();
        digest.update(LEAF_PREFIX);
        digest.update(data);
        return digest.digest();
    }

    public static byte[] node(byte[] left, byte[] right) {
        MessageDigest digest = SHA256.get();
        digest.update(NODE_PREFIX);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    public static String hex(byte[] hash) {
        return HEX.formatHex(hash);
    }

    /** Parses a lower-case hex hash of {@link #SIZE} bytes; anything else is refused. */
    public static byte[] fromHex(String hex) {
        if (hex.length() != 2 * SIZE || !hex.equals(hex.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("a hash is " + 2 * SIZE + " lower-case hex digits");
        }
        return HEX.parseHex(hex);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}

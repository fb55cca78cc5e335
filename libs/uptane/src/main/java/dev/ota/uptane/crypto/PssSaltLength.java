package dev.ota.uptane.crypto;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.util.OptionalInt;

/**
 * The salt length of an RSASSA-PSS signature, read from the signature itself.
 *
 * <p>TUF's {@code rsassa-pss-sha256} fixes the hash (SHA-256, MGF1-SHA-256) but not the salt length, and writers
 * differ: securesystemslib signs with a salt as long as the digest (32 bytes), Node's crypto (by default) and Go's
 * {@code PSSSaltLengthAuto} with the longest salt the key allows; tuf-js verifies with the length detected from the
 * signature. So do we: the encoded message (RFC 8017 section 9.1.2) is recovered with the public key, its data block
 * unmasked,
 * and the salt is what follows the {@code 0x01} separator. The JCA then verifies the signature with that length;
 * nothing here decides whether a signature is valid.
 */
final class PssSaltLength {

    private static final int SHA256_LENGTH = 32;

    private PssSaltLength() {}

    /** The salt length the signature was made with, or empty when it is not an RSASSA-PSS/SHA-256 encoding. */
    static OptionalInt of(RSAPublicKey key, byte[] signature) {
        BigInteger n = key.getModulus();
        BigInteger s = new BigInteger(1, signature);
        if (s.compareTo(n) >= 0) {
            return OptionalInt.empty();
        }
        int emBits = n.bitLength() - 1;
        int emLength = (emBits + 7) / 8;
        byte[] em = leftPad(s.modPow(key.getPublicExponent(), n).toByteArray(), emLength);
        if (em == null || emLength < SHA256_LENGTH + 2 || (em[emLength - 1] & 0xff) != 0xbc) {
            return OptionalInt.empty();
        }
        int dbLength = emLength - SHA256_LENGTH - 1;
        byte[] db = new byte[dbLength];
        byte[] mask = mgf1Sha256(em, dbLength, SHA256_LENGTH, dbLength);
        for (int i = 0; i < dbLength; i++) {
            db[i] = (byte) (em[i] ^ mask[i]);
        }
        // The leftmost 8 * emLength - emBits bits are not part of the encoding.
        db[0] &= (byte) (0xff >>> (8 * emLength - emBits));
        int i = 0;
        while (i < dbLength && db[i] == 0) {
            i++;
        }
        if (i == dbLength || db[i] != 0x01) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(dbLength - i - 1);
    }

    /** The big-endian magnitude in exactly {@code length} bytes, or null when it does not fit. */
    private static byte @org.jspecify.annotations.Nullable [] leftPad(byte[] magnitude, int length) {
        int start = 0;
        while (start < magnitude.length - 1 && magnitude[start] == 0) {
            start++;
        }
        int significant = magnitude.length - start;
        if (significant > length) {
            return null;
        }
        byte[] out = new byte[length];
        System.arraycopy(magnitude, start, out, length - significant, significant);
        return out;
    }

    /** MGF1 with SHA-256 (RFC 8017 appendix B.2.1) over {@code seed[offset, offset + seedLength)}. */
    private static byte[] mgf1Sha256(byte[] seed, int offset, int seedLength, int maskLength) {
        MessageDigest sha256 = Hashing.sha256();
        byte[] mask = new byte[maskLength];
        int written = 0;
        for (int counter = 0; written < maskLength; counter++) {
            sha256.update(seed, offset, seedLength);
            sha256.update(ByteBuffer.allocate(4).putInt(counter).array());
            byte[] block = sha256.digest();
            int n = Math.min(block.length, maskLength - written);
            System.arraycopy(block, 0, mask, written, n);
            written += n;
        }
        return mask;
    }
}

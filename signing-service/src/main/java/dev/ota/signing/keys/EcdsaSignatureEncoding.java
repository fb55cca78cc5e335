package dev.ota.signing.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;

/**
 * Key Vault answers an ES256 signature as JWS does (RFC 7518 3.4): {@code r} and {@code s} as two 32-byte unsigned
 * big-endian numbers, 64 bytes in all. This platform's {@code ecdsa-sha2-nistp256} signatures are the DER sequence
 * of the two integers (what {@code libs/uptane} verifies, what the JDK and Bouncy Castle produce, and what
 * securesystemslib and tuf-js expect), so every signature from the vault is re-encoded here before it is written.
 */
final class EcdsaSignatureEncoding {

    /** The length of a P-256 signature in the raw form: two field elements of 32 bytes. */
    static final int P256_RAW_LENGTH = 64;

    private EcdsaSignatureEncoding() {}

    /**
     * The DER form of a raw P-256 signature. The integers are written minimally: leading zero bytes dropped, and a
     * zero byte prepended where the top bit is set (DER integers are signed).
     *
     * @throws IllegalArgumentException when {@code raw} is not 64 bytes (not a P-256 signature)
     */
    static byte[] rawToDer(byte[] raw) {
        if (raw.length != P256_RAW_LENGTH) {
            throw new IllegalArgumentException(
                    "an ES256 signature is " + P256_RAW_LENGTH + " bytes (r||s), got " + raw.length);
        }
        var r = new BigInteger(1, Arrays.copyOfRange(raw, 0, 32));
        var s = new BigInteger(1, Arrays.copyOfRange(raw, 32, 64));
        try {
            return new DERSequence(new ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(s)})
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

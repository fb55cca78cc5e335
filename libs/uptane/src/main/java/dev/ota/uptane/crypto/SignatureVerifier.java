package dev.ota.uptane.crypto;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.HexFormat;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Checks one signature with one public key, in the key's scheme. Never throws on a bad signature: returns false.
 * RSASSA-PSS signatures are accepted with any salt length (see {@link PssSaltLength}); ours are made with 32 bytes.
 */
public final class SignatureVerifier {

    /**
     * Decoded ECDSA and RSA keys by their PEM text. Bounded: the server verifies the reports of every vehicle's ECUs,
     * millions of keys, and must not keep them all; when full it starts over (decoding again costs microseconds).
     */
    private static final Map<String, PublicKey> DECODED = new ConcurrentHashMap<>();

    private static final int DECODED_LIMIT = 10_000;

    private SignatureVerifier() {}

    public static boolean verify(TufKey key, byte[] message, byte[] signature) {
        try {
            return switch (key.scheme()) {
                case ED25519 -> {
                    byte[] pub = HexFormat.of().parseHex(key.publicValue());
                    yield pub.length == Ed25519.PUBLIC_KEY_SIZE
                            && signature.length == Ed25519.SIGNATURE_SIZE
                            && Ed25519.verify(signature, 0, pub, 0, message, 0, message.length);
                }
                case ECDSA_SHA2_NISTP256 -> {
                    Signature s = SchemeAlgorithms.signatureFor(key.scheme(), null);
                    s.initVerify(decode(key));
                    s.update(message);
                    yield s.verify(signature);
                }
                case RSASSA_PSS_SHA256 -> {
                    var rsa = (RSAPublicKey) decode(key);
                    // TUF does not fix the salt length and writers differ (32 bytes, or the longest the key allows).
                    OptionalInt salt = PssSaltLength.of(rsa, signature);
                    if (salt.isEmpty()) {
                        yield false;
                    }
                    Signature s = Signature.getInstance("RSASSA-PSS");
                    s.setParameter(SchemeAlgorithms.pssSha256(salt.getAsInt()));
                    s.initVerify(rsa);
                    s.update(message);
                    yield s.verify(signature);
                }
            };
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static PublicKey decode(TufKey key) {
        if (DECODED.size() >= DECODED_LIMIT) {
            DECODED.clear();
        }
        return DECODED.computeIfAbsent(
                key.publicValue(),
                pem -> Pem.decodePublicKey(pem, key.scheme() == Scheme.RSASSA_PSS_SHA256 ? "RSA" : "EC"));
    }

    public static boolean verifyHex(TufKey key, byte[] message, String signatureHex) {
        try {
            return verify(key, message, HexFormat.of().parseHex(signatureHex));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

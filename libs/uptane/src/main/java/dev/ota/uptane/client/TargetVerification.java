package dev.ota.uptane.client;

import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.metadata.TargetFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * TUF 1.0 section 5.7 / Uptane 2.0 section 5.4.4.2: an image is written to the sink while it streams in, never
 * beyond its trusted length, and is accepted only if every listed hash matches. The caller must discard the sink's
 * content when this throws.
 */
public final class TargetVerification {

    private TargetVerification() {}

    public static void copyVerified(InputStream in, TargetFile target, OutputStream sink) throws IOException {
        Map<String, MessageDigest> digests = new HashMap<>();
        for (String algorithm : target.hashes().keySet()) {
            if (Hashing.supported(algorithm)) {
                digests.put(algorithm, Hashing.digest(Hashing.jdkName(algorithm)));
            }
        }
        if (digests.isEmpty()) {
            throw new AttackDetectedException(Attack.ARBITRARY_SOFTWARE, "no supported hash for the target");
        }
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            // Endless data: never read more than the signed length.
            if (total > target.length()) {
                throw new AttackDetectedException(
                        Attack.ENDLESS_DATA, "image is longer than its signed length " + target.length());
            }
            for (MessageDigest d : digests.values()) {
                d.update(buffer, 0, n);
            }
            sink.write(buffer, 0, n);
        }
        if (total != target.length()) {
            throw new AttackDetectedException(
                    Attack.ARBITRARY_SOFTWARE, "image is " + total + " bytes, signed length is " + target.length());
        }
        for (var e : digests.entrySet()) {
            String actual = HexFormat.of().formatHex(e.getValue().digest());
            if (!actual.equalsIgnoreCase(target.hashes().get(e.getKey()))) {
                throw new AttackDetectedException(
                        Attack.ARBITRARY_SOFTWARE, "image " + e.getKey() + " does not match the signed hash");
            }
        }
    }
}

package dev.ota.uptane.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Where metadata files come from: HTTP (image repository), or the director's documents relayed by the gateway. */
@FunctionalInterface
public interface MetadataFetcher {

    /**
     * Fetches a file relative to the repository base, reading at most {@code maxLength} bytes.
     *
     * @return the bytes, or null when the repository does not have the file (e.g. the next root version)
     * @throws AttackDetectedException {@link Attack#ENDLESS_DATA} when the file is longer than {@code maxLength}
     */
    byte @Nullable [] fetch(String path, long maxLength) throws IOException;

    /** Documents held in memory (file name to exact JSON text), as {@code DirectorMetadataIssued} carries them. */
    static MetadataFetcher of(Map<String, String> documents) {
        return (path, maxLength) -> {
            String doc = documents.get(path);
            if (doc == null) {
                return null;
            }
            byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > maxLength) {
                throw new AttackDetectedException(
                        Attack.ENDLESS_DATA, path + " is " + bytes.length + " bytes, more than the limit " + maxLength);
            }
            return bytes;
        };
    }

    /** Reads a stream up to a limit; one byte more is an endless-data attack (TUF 1.0 section 5.4.1 / 5.5.1). */
    static byte[] readBounded(InputStream in, long maxLength, String what) throws IOException {
        byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxLength + 1));
        if (data.length > maxLength) {
            throw new AttackDetectedException(
                    Attack.ENDLESS_DATA, what + " is longer than the limit of " + maxLength + " bytes");
        }
        return data;
    }
}

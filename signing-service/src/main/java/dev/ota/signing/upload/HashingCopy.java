package dev.ota.signing.upload;

import dev.ota.uptane.crypto.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Streams an upload to a file while computing SHA-256 and SHA-512 (JDK intrinsics), in fixed 1 MiB buffers: memory
 * stays flat whatever the image size.
 */
final class HashingCopy {

    private static final int BUFFER = 1 << 20;

    private HashingCopy() {}

    record Result(long length, String sha256, String sha512) {}

    /** Thrown when the stream exceeds {@code maxBytes}. */
    static final class TooLarge extends IOException {
        TooLarge(long max) {
            super("image is larger than the limit of " + max + " bytes");
        }
    }

    static Result copy(InputStream in, Path target, long maxBytes) throws IOException {
        MessageDigest sha256 = Hashing.sha256();
        MessageDigest sha512 = Hashing.sha512();
        byte[] buffer = new byte[BUFFER];
        ByteBuffer wrapper = ByteBuffer.wrap(buffer);
        long total = 0;
        try (FileChannel out =
                FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            int n;
            while ((n = in.readNBytes(buffer, 0, BUFFER)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new TooLarge(maxBytes);
                }
                sha256.update(buffer, 0, n);
                sha512.update(buffer, 0, n);
                wrapper.clear().limit(n);
                while (wrapper.hasRemaining()) {
                    out.write(wrapper);
                }
            }
        }
        return new Result(
                total, HexFormat.of().formatHex(sha256.digest()), HexFormat.of().formatHex(sha512.digest()));
    }
}

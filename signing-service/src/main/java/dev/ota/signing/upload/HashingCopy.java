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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Streams an upload to a file while computing SHA-256 and SHA-512 with the JDK's intrinsics. Memory stays flat
 * whatever the image size: a ring of four 1 MiB buffers. SHA-512 (the slower digest) runs on a second thread, in
 * order, while the request thread reads, hashes SHA-256 and writes; a buffer is reused only after its SHA-512 update
 * finished.
 */
public final class HashingCopy {

    private static final int BUFFER = 1 << 20;
    private static final int RING = 4;

    private HashingCopy() {}

    public record Result(long length, String sha256, String sha512) {}

    /** Thrown when the stream exceeds {@code maxBytes}. */
    static final class TooLarge extends IOException {
        TooLarge(long max) {
            super("image is larger than the limit of " + max + " bytes");
        }
    }

    public static Result copy(InputStream in, Path target, long maxBytes) throws IOException {
        MessageDigest sha256 = Hashing.sha256();
        MessageDigest sha512 = Hashing.sha512();
        byte[][] buffers = new byte[RING][BUFFER];
        @SuppressWarnings("unchecked")
        Future<?>[] pending = new Future<?>[RING];
        long total = 0;
        ExecutorService second = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "upload-sha512");
            t.setDaemon(true);
            return t;
        });
        try (FileChannel out =
                FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int slot = 0; ; slot = (slot + 1) % RING) {
                await(pending[slot]);
                byte[] buffer = buffers[slot];
                int n = in.readNBytes(buffer, 0, BUFFER);
                if (n <= 0) {
                    break;
                }
                total += n;
                if (total > maxBytes) {
                    throw new TooLarge(maxBytes);
                }
                pending[slot] = second.submit(() -> sha512.update(buffer, 0, n));
                sha256.update(buffer, 0, n);
                ByteBuffer wrapper = ByteBuffer.wrap(buffer, 0, n);
                while (wrapper.hasRemaining()) {
                    out.write(wrapper);
                }
            }
            for (Future<?> f : pending) {
                await(f);
            }
        } finally {
            second.shutdownNow();
        }
        return new Result(
                total, HexFormat.of().formatHex(sha256.digest()), HexFormat.of().formatHex(sha512.digest()));
    }

    private static void await(Future<?> f) throws IOException {
        if (f == null) {
            return;
        }
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing", e);
        } catch (ExecutionException e) {
            throw new IOException("hashing failed", e.getCause());
        }
    }
}

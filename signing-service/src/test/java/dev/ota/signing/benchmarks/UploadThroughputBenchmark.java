package dev.ota.signing.benchmarks;

import dev.ota.signing.upload.HashingCopy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The upload path for a 1 GiB image: stream to a file while hashing SHA-256 and SHA-512, exactly the code the CI
 * endpoint runs. One operation = 1 GiB; MB/s = 1024 / (seconds per op). The heap is capped at 64 MiB to prove memory
 * stays flat (run with {@code -prof gc} to see bytes allocated per op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 7)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx64m"})
public class UploadThroughputBenchmark {

    static final long GIB = 1024L * 1024 * 1024;

    private Path dir;
    private Path target;
    private byte[] pattern;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("upload-bench-");
        pattern = new byte[1 << 20];
        new Random(7).nextBytes(pattern);
    }

    @Setup(Level.Invocation)
    public void newFile() throws IOException {
        target = Files.createTempFile(dir, "image-", ".part");
    }

    @TearDown(Level.Invocation)
    public void deleteFile() throws IOException {
        Files.deleteIfExists(target);
    }

    @Benchmark
    public HashingCopy.Result uploadOneGibibyte() throws IOException {
        return HashingCopy.copy(new PatternStream(pattern, GIB), target, 4 * GIB);
    }

    /** 1 GiB of bytes produced on the fly (like a socket): never in memory at once. */
    static final class PatternStream extends InputStream {
        private final byte[] pattern;
        private long remaining;
        private int position;

        PatternStream(byte[] pattern, long length) {
            this.pattern = pattern;
            this.remaining = length;
        }

        @Override
        public int read() {
            if (remaining == 0) {
                return -1;
            }
            remaining--;
            int b = pattern[position] & 0xff;
            position = (position + 1) % pattern.length;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(len, remaining), pattern.length - position);
            System.arraycopy(pattern, position, b, off, n);
            position = (position + n) % pattern.length;
            remaining -= n;
            return n;
        }
    }
}

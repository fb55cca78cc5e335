package dev.ota.audit.benchmarks;

import dev.ota.audit.merkle.Hashes;
import dev.ota.audit.merkle.InMemoryTree;
import dev.ota.audit.merkle.ProofVerifier;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Proof building and checking at 10 million entries on the in-memory node store (the same {@code Proofs} code the
 * service runs over PostgreSQL), and the raw cost of growing the tree.
 */
@State(Scope.Benchmark)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx3g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 5)
public class InMemoryProofBenchmark {

    @Param("10000000")
    long entries;

    InMemoryTree tree;
    byte[] root;

    @Setup(Level.Trial)
    public void buildTree() {
        tree = new InMemoryTree();
        ByteBuffer data = ByteBuffer.allocate(8);
        for (long i = 0; i < entries; i++) {
            tree.append(Hashes.leaf(data.putLong(0, i).array()));
        }
        root = tree.root();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public List<byte[]> inclusionProof() {
        return tree.proofs().inclusion(ThreadLocalRandom.current().nextLong(entries), entries);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public boolean inclusionProofBuiltAndVerified() {
        long index = ThreadLocalRandom.current().nextLong(entries);
        List<byte[]> path = tree.proofs().inclusion(index, entries);
        return ProofVerifier.inclusion(
                Hashes.leaf(ByteBuffer.allocate(8).putLong(0, index).array()), index, entries, path, root);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void consistencyProof(Blackhole sink) {
        long first = 1 + ThreadLocalRandom.current().nextLong(entries - 1);
        sink.consume(tree.proofs().consistency(first, entries));
    }
}

package dev.ota.audit.benchmarks;

import dev.ota.audit.checkpoint.Checkpoints;
import dev.ota.audit.log.AuditLog;
import dev.ota.audit.log.ReceivedEvent;
import dev.ota.audit.verify.LogVerifier;
import dev.ota.audit.verify.VerificationReport;
import dev.ota.testsupport.RealInfrastructure;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The service's log on real PostgreSQL: append throughput, inclusion-proof latency and full verification, with a log
 * pre-filled to {@code entries} entries (one database per fork). The embedded server gets a 1 GB buffer pool, a modest
 * one for a production database server, which holds the hot index pages of a log of a few million entries.
 */
@State(Scope.Benchmark)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx2g", "-Dota.postgres.shared-buffers=1GB"})
public class AuditLogBenchmark {

    static final int BATCH = 1_000;

    /** Entries in the log before measuring; {@code -p entries=10000000} for the proof at 10 M. */
    @Param("1000000")
    long entries;

    ConfigurableApplicationContext service;
    AuditLog log;
    LogVerifier verifier;
    long signedSize;

    @Setup(Level.Trial)
    public void fillTheLog(BenchmarkParams params) {
        service = ServiceUnderBenchmark.start("audit_bench_" + System.nanoTime() % 1_000_000);
        log = service.getBean(AuditLog.class);
        verifier = service.getBean(LogVerifier.class);
        long started = System.nanoTime();
        long size = log.currentSize();
        while (size < entries) {
            size += log.append(ServiceUnderBenchmark.fillBatch((int) Math.min(10_000, entries - size)))
                    .size();
            if (size % 1_000_000 == 0) {
                System.out.printf("%n# %d entries after %.1f s%n", size, (System.nanoTime() - started) / 1e9);
            }
        }
        signedSize = service.getBean(Checkpoints.class).sign().checkpoint().treeSize();
        System.out.printf(
                "%n# filled the log with %d entries in %.1f s%n", signedSize, (System.nanoTime() - started) / 1e9);
        printDatabaseStatistics();
        if (!params.getBenchmark().endsWith("append")) {
            settle();
        }
    }

    /**
     * For the read benchmarks, measures the log at rest rather than the aftermath of the fill: vacuums and analyses
     * the tables (otherwise autovacuum scans the freshly written heap, and plans change, during the measurement) and
     * writes a checkpoint (otherwise the one the fill's WAL volume started is still flushing GBs of pages).
     */
    void settle() {
        long started = System.nanoTime();
        JdbcTemplate own = service.getBean(JdbcTemplate.class);
        own.execute("vacuum (analyze) log_entry, log_event_id, merkle_node");
        new JdbcTemplate(RealInfrastructure.get().postgresSuperuser()).execute("checkpoint"); // cluster-wide
        System.out.printf(
                "%n# vacuum, analyze and checkpoint after the fill: %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** What PostgreSQL did so far: checkpoints, WAL volume and full-page images, buffer misses and index sizes. */
    void printDatabaseStatistics() {
        JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
        jdbc.query("""
                select 'checkpoints timed/requested', (select num_timed || '/' || num_requested from pg_stat_checkpointer)
                union all select 'WAL bytes / full-page images', (select pg_size_pretty(wal_bytes) || ' / ' || wal_fpi from pg_stat_wal)
                union all select 'shared_buffers', current_setting('shared_buffers')
                union all select 'max_wal_size', current_setting('max_wal_size')
                union all select relname || ' ' || indexrelname, pg_size_pretty(pg_relation_size(indexrelid))
                    || ', blocks read ' || idx_blks_read || ', hit ' || idx_blks_hit
                  from pg_statio_user_indexes where pg_relation_size(indexrelid) > 1000000
                """, rs -> {
            System.out.printf("# pg: %s = %s%n", rs.getString(1), rs.getString(2));
        });
    }

    /**
     * Inclusion proofs and consistency proofs (from a random earlier size to the signed one), timed here one after
     * the other on the database the inclusion benchmark just ran on: the consistency proofs get no fork of their own
     * (it would fill a second log of the same size first), and the inclusion proofs timed the same way tell the
     * latency of a proof from the machine's load during the JMH iterations.
     */
    void sampleProofs(int samples) {
        time(
                "inclusion proof",
                samples,
                () -> log.proofs().inclusion(ThreadLocalRandom.current().nextLong(signedSize), signedSize));
        time(
                "consistency proof",
                samples,
                () -> log.proofs().consistency(1 + ThreadLocalRandom.current().nextLong(signedSize), signedSize));
    }

    private void time(String what, int samples, Supplier<List<byte[]>> proof) {
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            long started = System.nanoTime();
            if (proof.get().size() > 64) {
                throw new IllegalStateException("a proof longer than the tree is deep");
            }
            nanos[i] = System.nanoTime() - started;
        }
        Arrays.sort(nanos);
        System.out.printf(
                "%n# %s at size %d, %d samples: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                what,
                signedSize,
                samples,
                nanos[samples / 2] / 1e6,
                nanos[samples * 9 / 10] / 1e6,
                nanos[samples * 99 / 100] / 1e6,
                nanos[samples - 1] / 1e6);
    }

    /**
     * The next batch for {@code append}, built before each invocation. A state of its own, so that only {@code append}
     * pays for it: as part of the shared state it built (and threw away) 1,000 events before every proof too, and the
     * garbage and cache misses showed up in the proof latencies (median 0.87 ms, p99 8 ms at 10 M, against 0.28 ms and
     * 0.93 ms for the same proofs timed without it).
     */
    @State(Scope.Thread)
    public static class NextBatch {

        List<ReceivedEvent> events;

        @Setup(Level.Invocation)
        public void build() {
            events = ServiceUnderBenchmark.batch(BATCH);
        }
    }

    /**
     * Stops the service and then the fork's embedded servers, deleting the database: a fork that ended without this
     * left PostgreSQL running with several GB of data under {@code /tmp/epg*}.
     */
    @TearDown(Level.Trial)
    public void stop(BenchmarkParams params) {
        if (params.getBenchmark().endsWith("inclusionProof")) {
            sampleProofs(5_000);
        }
        printDatabaseStatistics();
        service.close();
        RealInfrastructure.stop();
    }

    /** Events appended per second, in transactions of {@value #BATCH} (the score is per event). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCH)
    @Warmup(iterations = 2, time = 5)
    @Measurement(iterations = 5, time = 10)
    public Object append(NextBatch next) {
        return log.append(next.events);
    }

    /** One inclusion proof for a random entry against the signed checkpoint, read from PostgreSQL. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 5)
    @Measurement(iterations = 5, time = 10)
    public void inclusionProof(Blackhole sink) {
        long index = ThreadLocalRandom.current().nextLong(signedSize);
        sink.consume(log.proofs().inclusion(index, signedSize));
    }

    /** Recomputes the whole log from the stored events and checks it against the stored tree and the checkpoint. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public VerificationReport verifyAll() {
        VerificationReport report = verifier.verify(null);
        if (!report.intact()) {
            throw new IllegalStateException("the benchmark log does not verify: " + report);
        }
        return report;
    }
}

package dev.ota.signing.benchmarks;

import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.signing.director.DirectorDocuments;
import dev.ota.signing.director.DirectorProperties;
import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.Signers;
import dev.ota.uptane.metadata.SignedDocument;
import dev.ota.uptane.metadata.TargetFile;
import dev.ota.uptane.metadata.Targets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Director metadata for one vehicle (3 ECUs): canonical JSON and Ed25519 signing (Bouncy Castle lightweight).
 * Throughput in vehicles per second, on both cores ({@code @Threads(2)}).
 *
 * <ul>
 *   <li>{@code directorTargets}: targets metadata only (what the issue's target of 10,000 vehicles/s is about);
 *   <li>{@code directorTargetsSnapshotTimestamp}: the full per-vehicle set actually sent (3 signatures).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx512m"})
@Threads(2)
public class DirectorMetadataBenchmark {

    private static final InstallConditions CONDITIONS = new InstallConditions(true, 30, true, null);

    private Signer targetsKey;
    private DirectorDocuments documents;
    private List<EcuTarget> ecus;
    private final AtomicLong version = new AtomicLong();
    private final Instant now = Instant.parse("2026-06-01T00:00:00Z");

    @Setup
    public void setUp() {
        targetsKey = Signers.generate(Scheme.ED25519);
        documents = new DirectorDocuments(
                targetsKey,
                Signers.generate(Scheme.ED25519),
                Signers.generate(Scheme.ED25519),
                new DirectorProperties(
                        Duration.ofDays(30),
                        Duration.ofDays(30),
                        Duration.ofDays(1),
                        0.5,
                        Duration.ofMinutes(1),
                        500,
                        Duration.ofSeconds(10)));
        ecus = new ArrayList<>();
        for (String ecu : List.of("ecm", "tcu", "bcm")) {
            byte[] image = (ecu + " image").getBytes();
            ecus.add(new EcuTarget(
                    ecu.toUpperCase() + "-0001",
                    ecu + "-hw",
                    ecu,
                    "4.2.0",
                    ecu + "/" + ecu + "-4.2.0.bin",
                    7,
                    64L * 1024 * 1024,
                    Map.of("sha256", Hashing.sha256Hex(image), "sha512", Hashing.sha512Hex(image))));
        }
    }

    @Benchmark
    public String directorTargets() {
        var targets = new TreeMap<String, TargetFile>();
        for (EcuTarget t : ecus) {
            targets.put(
                    t.targetPath(),
                    TargetFile.forEcu(t.length(), t.hashes(), t.ecuSerial(), t.hardwareId(), t.releaseCounter()));
        }
        var body = new Targets(version.incrementAndGet(), now.plus(Duration.ofDays(30)), targets, null);
        return SignedDocument.sign(body, targetsKey).toJson();
    }

    @Benchmark
    public DirectorDocuments.Issued directorTargetsSnapshotTimestamp() {
        long v = version.incrementAndGet();
        return documents.issue(new DirectorDocuments.Versions(v, v, v), ecus, CONDITIONS, now);
    }
}

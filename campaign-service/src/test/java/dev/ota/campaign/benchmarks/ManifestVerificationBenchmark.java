package dev.ota.campaign.benchmarks;

import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.Signers;
import dev.ota.uptane.manifest.EcuVersionReport;
import dev.ota.uptane.manifest.ManifestVerdict;
import dev.ota.uptane.manifest.ManifestVerifier;
import dev.ota.uptane.manifest.Manifests;
import dev.ota.uptane.manifest.RegisteredEcu;
import dev.ota.uptane.manifest.VehicleVersionManifest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the registry does to each vehicle version manifest before it believes it, without the database: parse the
 * manifest as it arrives on Kafka and verify it against the vehicle's registered ECUs ({@link ManifestVerifier}: the
 * primary's signature, each ECU report's signature, filing, hardware ids, times). A two-ECU vehicle; the keys are
 * Ed25519 (the simulator's) or the secondary's ECDSA P-256. Two threads, one per core of this machine.
 *
 * <pre>
 * ./mvnw -B -q -o -pl campaign-service test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * cd campaign-service && java -cp target/test-classes:target/classes:$(cat target/bench.cp) \
 *     org.openjdk.jmh.Main ManifestVerificationBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(1)
@Threads(2)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ManifestVerificationBenchmark {

    private static final int VEHICLES = 1_000;

    /** The secondary ECU's key scheme. */
    @Param({"ED25519", "ECDSA_SHA2_NISTP256"})
    Scheme secondaryScheme;

    record Vehicle(String vin, String manifest, List<RegisteredEcu> inventory) {}

    private final List<Vehicle> vehicles = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private ManifestVerifier verifier;

    @Setup(Level.Trial)
    public void signManifests() {
        verifier = new ManifestVerifier(Clock.systemUTC(), Duration.ofDays(7), Duration.ofMinutes(5));
        Instant now = Instant.now();
        for (int i = 0; i < VEHICLES; i++) {
            String vin = "WVWZZZ1J%08dX".formatted(i);
            Signer primary = Signers.generate(Scheme.ED25519);
            Signer brake = Signers.generate(secondaryScheme);
            var reports = Map.of(
                    "GW-" + vin, Manifests.signReport(report("GW-" + vin, "gateway-v1", now), primary),
                    "BRK-" + vin, Manifests.signReport(report("BRK-" + vin, "brake-ctrl-v2", now), brake));
            String manifest = Manifests.signManifest(
                            new VehicleVersionManifest(vin, "GW-" + vin, now, reports), primary)
                    .toJson();
            vehicles.add(new Vehicle(
                    vin,
                    manifest,
                    List.of(
                            new RegisteredEcu("GW-" + vin, "gateway-v1", true, primary.publicKey()),
                            new RegisteredEcu("BRK-" + vin, "brake-ctrl-v2", false, brake.publicKey()))));
        }
    }

    private static EcuVersionReport report(String serial, String hardwareId, Instant now) {
        return new EcuVersionReport(
                serial,
                hardwareId,
                hardwareId + "/2.4.0/" + hardwareId + ".bin",
                1_048_576,
                Map.of("sha256", "ab".repeat(32), "sha512", "cd".repeat(64)),
                42,
                List.of(),
                UUID.randomUUID().toString(),
                now);
    }

    @Benchmark
    public ManifestVerdict verifyTwoEcuManifest() {
        Vehicle vehicle = vehicles.get(Math.floorMod(next.getAndIncrement(), VEHICLES));
        ManifestVerdict verdict = verifier.verify(vehicle.vin(), vehicle.manifest(), vehicle.inventory());
        if (!(verdict instanceof ManifestVerdict.Verified)) {
            throw new IllegalStateException("benchmark manifest refused: " + verdict);
        }
        return verdict;
    }
}

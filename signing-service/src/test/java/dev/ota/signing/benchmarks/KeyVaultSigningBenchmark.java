package dev.ota.signing.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.signing.keys.VaultDoubleAccess;
import dev.ota.testsupport.keyvault.KeyVaultDouble;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.Signers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signatures per second through Azure Key Vault's API, measured against the vault double on loopback: the SDK's
 * pipeline, TLS, JSON and the ECDSA in the double, without the network's round trip (which, in Azure, is what
 * dominates: see docs/signing-service.md). Five timed rounds per concurrency after a warm-up round; the median is
 * reported with the load average, to {@code target/key-vault-benchmark.txt}. A software P-256 key is timed the same
 * way for comparison. Not part of the test run:
 *
 * <pre>./mvnw -B -o -pl signing-service -am verify -Dtest=KeyVaultSigningBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class KeyVaultSigningBenchmark {

    private static final int ROUNDS = 5;
    private static final int SIGNATURES_PER_ROUND = 1_000;
    private static final byte[] MESSAGE =
            ("{\"signed\":{\"_type\":\"timestamp\",\"version\":42}}").getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path keyDir;

    @Test
    void signaturesPerSecondThroughTheVault() throws Exception {
        try (var vault = KeyVaultDouble.start("bench-token")) {
            VaultDoubleAccess.createP256Key(vault, "director-timestamp");
            Signer inVault = VaultDoubleAccess.signer(vault, "director-timestamp", keyDir);
            Signer inMemory = Signers.generate(Scheme.ECDSA_SHA2_NISTP256);
            List<String> lines = new ArrayList<>();
            for (int threads : List.of(1, 4)) {
                lines.add(measure("key-vault double", inVault, threads));
            }
            lines.add(measure("software P-256", inMemory, 1));
            long before = vault.signatures();
            inVault.sign(MESSAGE);
            assertThat(vault.signatures())
                    .as("each signature is a call to the vault")
                    .isEqualTo(before + 1);
            Files.write(
                    Path.of("target/key-vault-benchmark.txt"),
                    lines,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            lines.forEach(System.out::println);
        }
    }

    private static String measure(String what, Signer signer, int threads) throws Exception {
        String loadBefore = loadAverage();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            round(signer, threads, pool);
            List<Double> rates = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                rates.add(round(signer, threads, pool));
            }
            List<Double> sorted = rates.stream().sorted().toList();
            return String.format(
                    "[key-vault-signing] %s, %d thread(s): median %.0f signatures/s (rounds %s), load average %s -> %s",
                    what,
                    threads,
                    sorted.get(ROUNDS / 2),
                    rates.stream().map(r -> String.format("%.0f", r)).toList(),
                    loadBefore,
                    loadAverage());
        } finally {
            pool.shutdownNow();
        }
    }

    private static double round(Signer signer, int threads, ExecutorService pool) throws Exception {
        long start = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            work.add(pool.submit(() -> {
                for (int i = 0; i < SIGNATURES_PER_ROUND / threads; i++) {
                    signer.sign(MESSAGE);
                }
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        return SIGNATURES_PER_ROUND / ((System.nanoTime() - start) / 1e9);
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }
}

package dev.ota.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gateway replicas share one CA directory: each loads its own {@link FleetCa} on it. Neither may lose the other's
 * revocations or issuances, whether they take turns, run at once in one JVM, or run in two processes.
 */
class FleetCaSharedDirectoryTests {

    private static final char[] PASSWORD = "test-password".toCharArray();

    @TempDir
    Path directory;

    @Test
    void aRevocationByOneReplicaSurvivesTheOtherReplicasNextRevocation() {
        FleetCa a = load();
        FleetCa b = load();
        X509Certificate first = issue(a, "SMUTEST0000000001");
        X509Certificate second = issue(b, "SMUTEST0000000002");

        a.revoke(first.getSerialNumber());
        b.revoke(second.getSerialNumber());

        assertThat(crlFileSerials()).contains(first.getSerialNumber(), second.getSerialNumber());
        for (FleetCa replica : List.of(a, b)) {
            assertThat(replica.isRevoked(first)).isTrue();
            assertThat(replica.isRevoked(second)).isTrue();
            assertThat(replica.crl().getRevokedCertificate(first.getSerialNumber()))
                    .isNotNull();
        }
    }

    @Test
    void eachReplicaKnowsTheSerialsTheOtherIssuedAndRevokesThemByVin() {
        FleetCa a = load();
        FleetCa b = load();
        String vin = "SMUTEST0000000003";
        X509Certificate fromA = issue(a, vin);
        X509Certificate fromB = issue(b, vin);

        assertThat(a.serialsIssuedTo(vin)).containsExactly(fromA.getSerialNumber(), fromB.getSerialNumber());
        assertThat(a.vinOf(fromB.getSerialNumber())).contains(vin);
        List<BigInteger> handedOver = new ArrayList<>();
        List<BigInteger> revoked = b.revokeVehicle(vin, serials -> {
            assertThat(a.isRevoked(fromA))
                    .as("not revoked before the hook returns")
                    .isFalse();
            handedOver.addAll(serials);
        });

        assertThat(revoked).containsExactly(fromA.getSerialNumber(), fromB.getSerialNumber());
        assertThat(handedOver).isEqualTo(revoked);
        assertThat(a.isRevoked(fromA)).isTrue();
        assertThat(crlFileSerials()).contains(fromA.getSerialNumber(), fromB.getSerialNumber());
    }

    @Test
    void replicasIssuingAndRevokingAtOnceLoseNothing() throws Exception {
        List<FleetCa> replicas = List.of(load(), load());
        Map<BigInteger, String> issued = new ConcurrentHashMap<>();
        Set<BigInteger> revoked = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                FleetCa replica = replicas.get(t % 2);
                int thread = t;
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        String vin = "SMUTEST%010d".formatted(thread * 100 + i);
                        X509Certificate certificate = issue(replica, vin);
                        issued.put(certificate.getSerialNumber(), vin);
                        if (i % 2 == 0) {
                            replica.revoke(certificate.getSerialNumber());
                            revoked.add(certificate.getSerialNumber());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> each : work) {
                each.get(2, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(issued).hasSize(60);
        assertThat(crlFileSerials()).containsExactlyInAnyOrderElementsOf(revoked);
        for (FleetCa replica : List.of(replicas.get(0), replicas.get(1), load())) {
            issued.forEach((serial, vin) -> {
                assertThat(replica.vinOf(serial)).contains(vin);
                assertThat(replica.isRevoked(serial)).isEqualTo(revoked.contains(serial));
            });
        }
    }

    @Test
    void anotherProcessOnTheSameDirectoryLosesNothingAndNeitherDoesThisOne() throws Exception {
        FleetCa here = load();
        Process other = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        FleetCaWorker.class.getName(),
                        directory.toString(),
                        new String(PASSWORD),
                        "SMUWRKR",
                        "20")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Map<BigInteger, String> issued = new ConcurrentHashMap<>();
        Set<BigInteger> revoked = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            String vin = "SMUHERE%010d".formatted(i);
            X509Certificate certificate = issue(here, vin);
            issued.put(certificate.getSerialNumber(), vin);
            if (i % 2 == 0) {
                here.revoke(certificate.getSerialNumber());
                revoked.add(certificate.getSerialNumber());
            }
        }
        String output = new String(other.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(other.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(other.exitValue()).isZero();
        FleetCaWorker.parse(output, issued, revoked);

        assertThat(issued).hasSize(40);
        assertThat(crlFileSerials()).containsExactlyInAnyOrderElementsOf(revoked);
        issued.forEach((serial, vin) -> {
            assertThat(here.vinOf(serial)).contains(vin);
            assertThat(here.isRevoked(serial)).isEqualTo(revoked.contains(serial));
        });
    }

    @Test
    void aReplicaPicksUpThousandsOfRevocationsAndIssuancesOfAnotherInReasonableTime() {
        FleetCa a = load();
        FleetCa b = load();
        X509Certificate certificate = issue(a, "SMUTEST0000000004");
        KeyPair bulkKeys = FleetCa.generateKeyPair();
        for (int i = 0; i < 3_000; i++) {
            a.issueVehicle(FleetCa.request(bulkKeys, "CN=SMUBULK%010d".formatted(i)), Duration.ofDays(1));
        }
        a.revokeVehicle("SMUTEST0000000004");
        List<BigInteger> many = IntStream.range(0, 5_000)
                .mapToObj(i -> BigInteger.valueOf(1_000_000L + i))
                .toList();
        long revokeStarted = System.nanoTime();
        a.revokeAll(many);
        long revokeMillis = (System.nanoTime() - revokeStarted) / 1_000_000;

        long readStarted = System.nanoTime();
        boolean seen = b.isRevoked(certificate);
        long crlReadMillis = (System.nanoTime() - readStarted) / 1_000_000;
        readStarted = System.nanoTime();
        List<BigInteger> serials = b.serialsIssuedTo("SMUBULK0000002999");
        long indexReadMillis = (System.nanoTime() - readStarted) / 1_000_000;
        readStarted = System.nanoTime();
        boolean unchanged = b.isRevoked(BigInteger.TWO);
        long unchangedMillis = (System.nanoTime() - readStarted) / 1_000_000;

        System.out.printf(
                "5,001 revocations written in %d ms; read by the other replica in %d ms; its 3,001-line index in %d ms;"
                        + " an unchanged look %d ms%n",
                revokeMillis, crlReadMillis, indexReadMillis, unchangedMillis);
        assertThat(seen).isTrue();
        assertThat(unchanged).isFalse();
        assertThat(serials).hasSize(1);
        assertThat(b.crl().getRevokedCertificates()).hasSize(5_001);
        assertThat(crlReadMillis + indexReadMillis).isLessThan(5_000);
    }

    private FleetCa load() {
        return FleetCa.loadOrCreate(directory, PASSWORD, "Test Fleet CA", Duration.ofDays(1));
    }

    private Set<BigInteger> crlFileSerials() {
        Set<? extends X509CRLEntry> entries =
                FleetCaFiles.readCrl(directory.resolve(FleetCaFiles.CRL_FILE)).getRevokedCertificates();
        return entries == null
                ? Set.of()
                : entries.stream().map(X509CRLEntry::getSerialNumber).collect(Collectors.toSet());
    }

    static X509Certificate issue(FleetCa ca, String vin) {
        KeyPair keys = FleetCa.generateKeyPair();
        return ca.issueVehicle(FleetCa.request(keys, "CN=" + vin), Duration.ofDays(1));
    }
}

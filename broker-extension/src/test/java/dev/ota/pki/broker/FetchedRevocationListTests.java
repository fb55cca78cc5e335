package dev.ota.pki.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ota.pki.FleetCa;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The broker's view of the CRL it fetches from the CA: only signed, only newer, kept across restarts. */
class FetchedRevocationListTests {

    private final FleetCa ca = FleetCa.create("Test Fleet CA", Duration.ofDays(1));
    private final AtomicReference<X509CRL> served = new AtomicReference<>();
    private HttpServer server;
    private URI url;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/crl", exchange -> {
            byte[] pem = FleetCa.pem(served.get()).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, pem.length);
            exchange.getResponseBody().write(pem);
            exchange.close();
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/crl");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aRevocationOnTheFetchedCrlCountsAndChangesTheVersion() {
        X509Certificate vehicle = vehicle();
        served.set(ca.crl(Map.of(), Instant.now(), Duration.ofDays(1)));
        FetchedRevocationList list = new FetchedRevocationList(url, ca.certificate(), null);
        assertThat(list.fetch()).isTrue();
        long before = list.version();
        assertThat(list.isRevoked(vehicle)).isFalse();

        served.set(ca.crl(Map.of(vehicle.getSerialNumber(), Instant.now()), Instant.now(), Duration.ofDays(1)));
        list.fetch();

        assertThat(list.isRevoked(vehicle)).isTrue();
        assertThat(list.version()).isNotEqualTo(before);
    }

    @Test
    void aCrlSignedByAnotherCaCannotUnrevokeAnyone() {
        X509Certificate vehicle = vehicle();
        served.set(ca.crl(Map.of(vehicle.getSerialNumber(), Instant.now()), Instant.now(), Duration.ofDays(1)));
        FetchedRevocationList list = new FetchedRevocationList(url, ca.certificate(), null);
        list.fetch();

        FleetCa forger = FleetCa.create("Test Fleet CA", Duration.ofDays(1));
        served.set(forger.crl(Map.of(), Instant.now().plusSeconds(5), Duration.ofDays(1)));
        list.fetch();

        assertThat(list.isRevoked(vehicle)).isTrue();
    }

    @Test
    void anOlderCrlReplayedCannotUnrevokeAnyone() {
        X509Certificate vehicle = vehicle();
        Instant now = Instant.now();
        X509CRL old = ca.crl(Map.of(), now.minusSeconds(60), Duration.ofDays(1));
        served.set(ca.crl(Map.of(vehicle.getSerialNumber(), now), now, Duration.ofDays(1)));
        FetchedRevocationList list = new FetchedRevocationList(url, ca.certificate(), null);
        list.fetch();

        served.set(old);
        list.fetch();

        assertThat(list.isRevoked(vehicle)).isTrue();
    }

    @Test
    void aBrokerStartingWhileTheCaIsUnreachableEnforcesTheLastCrlItHeld() throws Exception {
        X509Certificate vehicle = vehicle();
        Path cache = Files.createTempDirectory("crl-cache").resolve("crl-cache.pem");
        served.set(ca.crl(Map.of(vehicle.getSerialNumber(), Instant.now()), Instant.now(), Duration.ofDays(1)));
        new FetchedRevocationList(url, ca.certificate(), cache).fetch();
        server.stop(0);

        FetchedRevocationList restarted = new FetchedRevocationList(url, ca.certificate(), cache);

        assertThat(restarted.fetch()).isFalse();
        assertThat(restarted.isRevoked(vehicle)).isTrue();
    }

    private X509Certificate vehicle() {
        String vin = "WVW" + Long.toString(System.nanoTime() % 100_000_000_000_000L, 10);
        vin = (vin + "00000000000000").substring(0, 17);
        return ca.issueVehicle(FleetCa.request(FleetCa.generateKeyPair(), "CN=" + vin), Duration.ofDays(1));
    }
}

package dev.ota.simulator;

import dev.ota.infra.MqttBroker;
import dev.ota.pki.FleetCa;
import dev.ota.pki.PlatformKeyStores;
import dev.ota.pki.RevocationListFile;
import dev.ota.pki.broker.VehicleAccessExtension;
import dev.ota.simulator.link.CertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A broker secured as the platform's (mutual-TLS listener, vehicle access extension reading the fleet CA's CRL file)
 * and an in-process fleet CA in place of device-gateway's REST API. One per test JVM.
 */
final class SecuredBroker {

    static final String PASSWORD = "test-secret";
    private static final Path HOME = temporaryDirectory();
    static final FleetCa CA =
            FleetCa.loadOrCreate(HOME.resolve("fleet-ca"), PASSWORD.toCharArray(), "Test Fleet CA", Duration.ofDays(1));
    static final PlatformKeyStores STORES = PlatformKeyStores.issue(CA, HOME.resolve("tls"), PASSWORD, "localhost");
    static final AtomicInteger ISSUED = new AtomicInteger();
    private static MqttBroker broker;

    private SecuredBroker() {}

    static synchronized MqttBroker get() {
        if (broker == null) {
            broker = MqttBroker.start(
                    0,
                    HOME.resolve("mqtt"),
                    new MqttBroker.TlsListener(0, STORES.brokerKeyStore(), PASSWORD, STORES.trustStore(), PASSWORD),
                    new VehicleAccessExtension(
                            new RevocationListFile(CA.crlFile().orElseThrow(), CA.certificate(), Duration.ZERO),
                            "test",
                            Duration.ofSeconds(1)));
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        }
        return broker;
    }

    /** Signs every CSR with the in-process CA, as device-gateway's REST API would. */
    static CertificateAuthority inProcessCa() {
        return csrs -> new CertificateAuthority.Batch(
                CA.certificate(),
                csrs.stream()
                        .map(pem -> {
                            ISSUED.incrementAndGet();
                            return new CertificateAuthority.Answer(
                                    CA.issueVehicle(FleetCa.parseRequest(pem), Duration.ofDays(1)), null);
                        })
                        .toList());
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("ota-secured-broker");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.ota.simulator;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import dev.ota.infra.MqttBroker;
import dev.ota.pki.FleetCa;
import dev.ota.pki.PlatformKeyStores;
import dev.ota.pki.broker.Revocations;
import dev.ota.pki.broker.VehicleAccessExtension;
import dev.ota.simulator.link.CertificateAuthority;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A broker secured as the platform's (mutual-TLS listener, vehicle access extension) and an in-process fleet CA in
 * place of signing-service's REST API, whose revocations the extension sees directly. One per test JVM.
 */
final class SecuredBroker {

    static final String PASSWORD = "test-secret";
    private static final Path HOME = temporaryDirectory();
    static final FleetCa CA = FleetCa.create("Test Fleet CA", Duration.ofDays(1));
    static final PlatformKeyStores STORES = PlatformKeyStores.issue(CA, HOME.resolve("tls"), PASSWORD, "localhost");
    static final AtomicInteger ISSUED = new AtomicInteger();
    private static MqttBroker broker;

    private SecuredBroker() {}

    static synchronized MqttBroker get() {
        if (broker == null) {
            broker = MqttBroker.start(
                    0,
                    HOME.resolve("mqtt"),
                    new MqttBroker.TlsListener(
                            0, STORES.brokerKeyStore(), PASSWORD, STORES.brokerTrustStore(), PASSWORD),
                    new VehicleAccessExtension(
                            CA.certificate(),
                            STORES.readPlatformIssuer(),
                            Revocations.polling(CA::isRevoked),
                            "test",
                            Duration.ofSeconds(1),
                            VehicleAccessExtension.Limits.DEFAULT));
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        }
        return broker;
    }

    /** Signs every CSR with the in-process CA, as signing-service's REST API would. */
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

    /** A platform client (the gateway's certificate from {@link #STORES}) connected to the TLS listener. */
    static Mqtt5BlockingClient platformClient(String identifier) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(STORES.gatewayKeyStore())) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(PlatformKeyStores.trustStore(CA.certificate()));
        Mqtt5BlockingClient client = Mqtt5Client.builder()
                .identifier(identifier)
                .serverHost("127.0.0.1")
                .serverPort(get().tlsPort())
                .sslConfig(MqttClientSslConfig.builder()
                        .keyManagerFactory(keyManagers)
                        .trustManagerFactory(trust)
                        .build())
                .buildBlocking();
        client.connect();
        return client;
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("ota-secured-broker");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.ota.pki.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import com.hivemq.embedded.EmbeddedExtension;
import com.sun.net.httpserver.HttpServer;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.infra.MqttBroker;
import dev.ota.pki.BrokerKeyMaterial;
import dev.ota.pki.FleetCa;
import dev.ota.pki.FleetCaKeyStore;
import dev.ota.pki.PlatformKeyStores;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The extension zip this module builds, unpacked into a real HiveMQ CE's {@code extensions/} folder and loaded by the
 * broker itself (its own class loader, its own descriptor, its own configuration file), with key material from
 * {@link BrokerKeyMaterial} as an operator makes it and the CRL fetched over HTTP as from signing-service: the same
 * checks as with the embedded registration must hold.
 * Runs after {@code package} (failsafe), since it needs the zip.
 */
class PackagedExtensionIntegrationTests {

    private static final String PASSWORD = "changeit";
    private static final String VIN = "SMUPACK0000000001";
    private static final String REVOKED_VIN = "SMUPACK0000000002";

    private static FleetCa ca;
    private static PlatformKeyStores stores;
    private static MqttBroker broker;
    private static HttpServer signingService;

    @BeforeAll
    static void startBrokerWithThePackagedExtension() throws Exception {
        Path root = Files.createTempDirectory("ota-packaged-extension");
        Path caKeyStore = root.resolve("fleet-ca/fleet-ca.p12");
        stores = BrokerKeyMaterial.write(
                caKeyStore,
                true,
                root.resolve("broker-tls"),
                root.resolve("gateway-tls"),
                "localhost",
                "ca-pw",
                PASSWORD);
        ca = FleetCaKeyStore.load(caKeyStore, "ca-pw".toCharArray());
        // signing-service's CRL endpoint, as the extension fetches it
        signingService = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        signingService.createContext("/api/v1/fleet-ca/crl", exchange -> {
            byte[] pem = FleetCa.pem(ca.crl()).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, pem.length);
            exchange.getResponseBody().write(pem);
            exchange.close();
        });
        signingService.start();

        Path home = root.resolve("hivemq");
        Path extension = unzip(Path.of(System.getProperty("ota.extension.zip")), home.resolve("extensions"))
                .resolve("ota-vehicle-access");
        Files.writeString(extension.resolve(PackagedVehicleAccess.CONFIG), """
                ca-certificate=%s
                platform-issuer-certificate=%s
                crl-url=http://127.0.0.1:%d/api/v1/fleet-ca/crl
                crl-refresh=PT0.2S
                broker-id=packaged
                report-interval=PT1S
                """.formatted(
                        root.resolve("broker-tls/fleet-ca.pem"),
                        stores.platformIssuerCertificate(),
                        signingService.getAddress().getPort()));

        broker = MqttBroker.start(
                0,
                home,
                new MqttBroker.TlsListener(0, stores.brokerKeyStore(), PASSWORD, stores.brokerTrustStore(), PASSWORD),
                (EmbeddedExtension) null);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
        signingService.stop(0);
    }

    @Test
    void aVehicleWithAFleetCertificateConnectsAndTheGatewaySeesItsCertificateIdentity() throws Exception {
        Mqtt5BlockingClient gateway = client("device-gateway-test", gatewayKeys());
        gateway.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = gateway.publishes(MqttGlobalPublishFilter.ALL)) {
            gateway.subscribeWith()
                    .topicFilter(MqttTopics.topic(VIN, MqttTopics.Channel.STATUS))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            Mqtt5BlockingClient vehicle = client(VIN, vehicleKeys(VIN));
            vehicle.connect();
            vehicle.publishWith()
                    .topic(MqttTopics.topic(VIN, MqttTopics.Channel.STATUS))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{}".getBytes(StandardCharsets.UTF_8))
                    .userProperties()
                    .add(VehicleAccessExtension.IDENTITY_PROPERTY, REVOKED_VIN)
                    .applyUserProperties()
                    .send();

            Optional<Mqtt5Publish> message = received.receive(10, TimeUnit.SECONDS);
            assertThat(message).isPresent();
            assertThat(message.get().getUserProperties().asList())
                    .singleElement()
                    .satisfies(property -> {
                        assertThat(property.getName().toString()).isEqualTo(VehicleAccessExtension.IDENTITY_PROPERTY);
                        assertThat(property.getValue().toString()).isEqualTo(VIN);
                    });
            vehicle.disconnect();
        } finally {
            gateway.disconnect();
        }
    }

    @Test
    void aVehicleWhoseCertificateTheCaRevokedIsDisconnectedAndRefusedAtItsNextConnectWithinTwoSeconds()
            throws Exception {
        KeyManagerFactory keys = vehicleKeys(REVOKED_VIN);
        Mqtt5BlockingClient vehicle = client(REVOKED_VIN, keys);
        vehicle.connect();

        assertThat(ca.revokeVehicle(REVOKED_VIN)).hasSize(1);
        long revoked = System.nanoTime();

        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !vehicle.getState().isConnected());
        System.out.printf(
                "packaged extension: revoked vehicle disconnected %d ms after the CA revoked it%n",
                (System.nanoTime() - revoked) / 1_000_000);
        assertThatThrownBy(() -> client(REVOKED_VIN, keys).connect())
                .isInstanceOfSatisfying(
                        Mqtt5ConnAckException.class,
                        refused -> assertThat(refused.getMqttMessage().getReasonCode())
                                .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
    }

    @Test
    void aVehicleMayNotSubscribeToAnotherVehiclesCommands() throws Exception {
        Mqtt5BlockingClient vehicle = client(VIN, vehicleKeys(VIN));
        vehicle.connect();
        try {
            assertThatThrownBy(() -> vehicle.subscribeWith()
                            .topicFilter(MqttTopics.command(REVOKED_VIN))
                            .send())
                    .isInstanceOfSatisfying(
                            Mqtt5SubAckException.class,
                            refused -> assertThat(refused.getMqttMessage().getReasonCodes())
                                    .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));
        } finally {
            if (vehicle.getState().isConnected()) {
                vehicle.disconnect();
            }
        }
    }

    private static Mqtt5BlockingClient client(String clientId, KeyManagerFactory keys) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(PlatformKeyStores.trustStore(ca.certificate()));
        return Mqtt5Client.builder()
                .identifier(clientId)
                .serverHost("localhost")
                .serverPort(broker.tlsPort())
                .sslConfig(MqttClientSslConfig.builder()
                        .keyManagerFactory(keys)
                        .trustManagerFactory(trust)
                        .build())
                .buildBlocking();
    }

    private static KeyManagerFactory vehicleKeys(String vin) throws Exception {
        KeyPair pair = FleetCa.generateKeyPair();
        X509Certificate certificate = ca.issueVehicle(FleetCa.request(pair, "CN=" + vin), Duration.ofDays(1));
        return keyManagers(PlatformKeyStores.keyStore(pair, certificate, ca, PASSWORD));
    }

    private static KeyManagerFactory gatewayKeys() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(stores.gatewayKeyStore())) {
            store.load(in, PASSWORD.toCharArray());
        }
        return keyManagers(store);
    }

    private static KeyManagerFactory keyManagers(KeyStore store) throws Exception {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, PASSWORD.toCharArray());
        return factory;
    }

    private static Path unzip(Path zip, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(in, file);
                }
            }
        }
        return target;
    }
}

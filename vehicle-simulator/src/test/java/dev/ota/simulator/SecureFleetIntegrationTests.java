package dev.ota.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.embedded.EmbeddedExtension;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.infra.MqttBroker;
import dev.ota.pki.FleetCa;
import dev.ota.pki.PlatformKeyStores;
import dev.ota.pki.RevocationListFile;
import dev.ota.pki.broker.VehicleAccessExtension;
import dev.ota.simulator.fleet.Fleet;
import dev.ota.simulator.fleet.FleetRequest;
import dev.ota.simulator.fleet.Vehicle;
import dev.ota.simulator.link.CertificateAuthority;
import dev.ota.testsupport.WithRealInfrastructure;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Simulated vehicles on a broker secured as the platform's: a mutual-TLS listener and the vehicle access extension
 * reading the fleet CA's CRL file. The fleet CA is in-process here (its REST API is device-gateway's, tested there and
 * in the system tests); everything else is the simulator's own path: key pair, CSR, certificate, TLS session.
 */
@SpringBootTest(
        properties = {
            "ota.mqtt.security=mutual-tls",
            "ota.simulator.uptane.enabled=false",
            "ota.simulator.provisioning.batch-size=50"
        })
@WithRealInfrastructure(database = "simulator")
class SecureFleetIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PASSWORD = "test-secret";
    private static final Path HOME = temporaryDirectory();
    private static final FleetCa CA =
            FleetCa.loadOrCreate(HOME.resolve("fleet-ca"), PASSWORD.toCharArray(), "Test Fleet CA", Duration.ofDays(1));
    private static final PlatformKeyStores STORES =
            PlatformKeyStores.issue(CA, HOME.resolve("tls"), PASSWORD, "localhost");
    private static final MqttBroker BROKER = MqttBroker.start(
            0,
            HOME.resolve("mqtt"),
            new MqttBroker.TlsListener(0, STORES.brokerKeyStore(), PASSWORD, STORES.trustStore(), PASSWORD),
            EmbeddedExtension.builder()
                    .withId("ota-vehicle-access")
                    .withName("OTA vehicle access")
                    .withVersion("1")
                    .withAuthor("ota")
                    .withPriority(1000)
                    .withStartPriority(1000)
                    .withExtensionMain(new VehicleAccessExtension(
                            new RevocationListFile(CA.crlFile().orElseThrow(), CA.certificate(), Duration.ZERO),
                            "test",
                            Duration.ofSeconds(1)))
                    .build());
    private static final AtomicInteger ISSUED = new AtomicInteger();

    @Autowired
    Fleet fleet;

    @DynamicPropertySource
    static void securedBroker(DynamicPropertyRegistry registry) {
        registry.add("ota.mqtt.port", BROKER::tlsPort);
    }

    @TestConfiguration
    static class InProcessFleetCa {

        @Bean
        @Primary
        CertificateAuthority inProcessFleetCa() {
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
    }

    @AfterAll
    static void stopBroker() {
        BROKER.close();
    }

    @Test
    void everyVehicleGetsItsOwnCertificateAndPublishesUnderItsCertificateIdentity() throws Exception {
        Map<String, String> identities = new ConcurrentHashMap<>();
        Mqtt5BlockingClient gateway = platformClient();
        try {
            gateway.toAsync()
                    .publishes(
                            MqttGlobalPublishFilter.ALL,
                            publish -> publish.getUserProperties().asList().stream()
                                    .filter(p ->
                                            p.getName().toString().equals(VehicleAccessExtension.IDENTITY_PROPERTY))
                                    .forEach(p -> identities.put(
                                            publish.getTopic().toString(),
                                            p.getValue().toString())));
            gateway.subscribeWith()
                    .topicFilter("ota/v1/+/manifest")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();

            List<Vehicle> vehicles = fleet.add(FleetRequest.parked(60));

            await().atMost(WAIT).until(() -> vehicles.stream().allMatch(Vehicle::online));
            for (Vehicle vehicle : vehicles) {
                String topic = MqttTopics.topic(vehicle.vin(), MqttTopics.Channel.MANIFEST);
                await().atMost(WAIT).until(() -> identities.containsKey(topic));
                assertThat(identities.get(topic)).isEqualTo(vehicle.vin());
            }
        } finally {
            gateway.disconnect();
        }
    }

    @Test
    void aReconnectingVehicleKeepsItsCertificateAndARevokedOneIsRefusedAtItsNextConnect() {
        List<Vehicle> vehicles = fleet.add(FleetRequest.parked(2));
        await().atMost(WAIT).until(() -> vehicles.stream().allMatch(Vehicle::online));
        Vehicle kept = vehicles.get(0);
        Vehicle revoked = vehicles.get(1);
        int issuedBefore = ISSUED.get();

        assertThat(CA.revokeVehicle(revoked.vin())).hasSize(1);
        revoked.setOnline(false);
        kept.setOnline(false);
        revoked.setOnline(true);
        kept.setOnline(true);

        await().atMost(WAIT).until(kept::online);
        await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> !revoked.online());
        assertThat(ISSUED.get()).isEqualTo(issuedBefore);
    }

    private static Mqtt5BlockingClient platformClient() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(STORES.gatewayKeyStore())) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(PlatformKeyStores.trustStore(CA.certificate()));
        Mqtt5BlockingClient client = Mqtt5Client.builder()
                .identifier("test-gateway")
                .serverHost("127.0.0.1")
                .serverPort(BROKER.tlsPort())
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
            return Files.createTempDirectory("ota-secure-fleet");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package dev.ota.gateway;

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
import dev.ota.contracts.mqtt.BrokerRefusalReport;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.infra.MqttBroker;
import dev.ota.pki.FleetCa;
import dev.ota.pki.PlatformIssuer;
import dev.ota.pki.PlatformKeyStores;
import dev.ota.pki.broker.ConnectedVehiclesReport;
import dev.ota.pki.broker.Revocations;
import dev.ota.pki.broker.VehicleAccessExtension;
import dev.ota.testsupport.RawMqttClient;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real HiveMQ CE broker with a mutual-TLS listener and the vehicle access extension, and vehicles with
 * certificates issued by the fleet CA from their CSRs.
 */
class BrokerSecurityIntegrationTests {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static FleetCa ca;
    private static PlatformIssuer platformIssuer;
    private static MqttBroker broker;

    @BeforeAll
    static void startSecuredBroker() throws Exception {
        ca = FleetCa.create("Test Fleet CA", Duration.ofDays(1));
        platformIssuer = PlatformIssuer.create("Test Platform Issuer", Duration.ofDays(1));
        Path home = Files.createTempDirectory("ota-secured-mqtt");
        KeyPair brokerKeys = FleetCa.generateKeyPair();
        X509Certificate brokerCert = ca.issueServer(brokerKeys.getPublic(), "localhost", Duration.ofDays(1));
        Path keyStore = home.resolve("broker.p12");
        store(keyStore, keyStoreOf(brokerKeys, brokerCert));
        Path trustStore = home.resolve("fleet-ca.p12");
        store(trustStore, PlatformKeyStores.trustStore(ca.certificate(), platformIssuer.certificate()));
        broker = MqttBroker.start(
                0,
                home,
                new MqttBroker.TlsListener(0, keyStore, "changeit", trustStore, "changeit"),
                new VehicleAccessExtension(
                        ca.certificate(),
                        platformIssuer.certificate(),
                        Revocations.polling(ca::isRevoked),
                        "test-broker",
                        Duration.ofMillis(200),
                        new VehicleAccessExtension.Limits(
                                10, 1_000, 5, Duration.ofSeconds(1), Duration.ofMillis(200))));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void refusesAClientWithoutACertificateOnTheTlsListener() {
        Mqtt5BlockingClient client = Mqtt5Client.builder()
                .identifier(TestVehicle.randomVin())
                .serverHost("127.0.0.1")
                .serverPort(broker.tlsPort())
                .sslConfig(MqttClientSslConfig.builder()
                        .trustManagerFactory(trust(ca.certificate()))
                        .build())
                .buildBlocking();
        assertThatThrownBy(client::connect).isNotNull();
        assertThat(client.getState().isConnected()).isFalse();
    }

    @Test
    void refusesAClientWithoutACertificateOnThePlainListener() {
        Mqtt5BlockingClient client = Mqtt5Client.builder()
                .identifier(TestVehicle.randomVin())
                .serverHost("127.0.0.1")
                .serverPort(broker.port())
                .buildBlocking();
        assertThatThrownBy(client::connect)
                .isInstanceOfSatisfying(
                        Mqtt5ConnAckException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCode())
                                .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
    }

    @Test
    void refusesACertificateIssuedByAnotherCa() throws Exception {
        FleetCa rogue = FleetCa.create("Rogue CA", Duration.ofDays(1));
        String vin = TestVehicle.randomVin();
        KeyPair keys = FleetCa.generateKeyPair();
        X509Certificate cert = rogue.issueVehicle(FleetCa.request(keys, "CN=" + vin), Duration.ofDays(1));
        Mqtt5BlockingClient client = client(vin, keys, cert);
        assertThatThrownBy(client::connect).isNotNull();
        assertThat(client.getState().isConnected()).isFalse();
    }

    @Test
    void refusesARevokedCertificate() throws Exception {
        String vin = TestVehicle.randomVin();
        KeyPair keys = FleetCa.generateKeyPair();
        X509Certificate cert = ca.issueVehicle(FleetCa.request(keys, "CN=" + vin), Duration.ofDays(1));
        Mqtt5BlockingClient before = client(vin, keys, cert);
        before.connect();
        before.disconnect();

        ca.revoke(cert.getSerialNumber());

        assertThat(ca.crl().getRevokedCertificate(cert.getSerialNumber())).isNotNull();
        assertThatThrownBy(() -> client(vin, keys, cert).connect())
                .isInstanceOfSatisfying(
                        Mqtt5ConnAckException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCode())
                                .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
    }

    @Test
    void refusesAVehicleThatConnectsUnderAnotherClientId() throws Exception {
        Vehicle a = vehicle();
        Mqtt5BlockingClient impostor = client(TestVehicle.randomVin(), a.keys(), a.certificate());
        assertThatThrownBy(impostor::connect).isInstanceOf(Mqtt5ConnAckException.class);
    }

    @Test
    void vehicleACanUseItsOwnTopicsButCannotPublishOrSubscribeUnderVehicleB() throws Exception {
        Vehicle a = vehicle();
        Vehicle b = vehicle();
        Mqtt5BlockingClient platform = platform();
        try (var heard = platform.publishes(MqttGlobalPublishFilter.ALL)) {
            platform.subscribeWith()
                    .topicFilter("ota/v1/+/status")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            Mqtt5BlockingClient clientA = client(a.vin(), a.keys(), a.certificate());
            clientA.connect();

            var ownSubscription = clientA.subscribeWith()
                    .topicFilter("ota/v1/" + a.vin() + "/cmd")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            assertThat(ownSubscription.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            assertThatThrownBy(() -> clientA.subscribeWith()
                            .topicFilter("ota/v1/" + b.vin() + "/cmd")
                            .qos(MqttQos.AT_LEAST_ONCE)
                            .send())
                    .isInstanceOfSatisfying(
                            Mqtt5SubAckException.class,
                            e -> assertThat(e.getMqttMessage().getReasonCodes())
                                    .containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED));

            Optional<Throwable> foreignPublish = publish(clientA, "ota/v1/" + b.vin() + "/status", "forged");
            assertThat(foreignPublish).as("the broker refuses the publish").isPresent();
            // a publish outside its own topics closes the vehicle's connection
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> !clientA.getState().isConnected());
            Mqtt5BlockingClient again = reconnect(a);
            assertThat(publish(again, "ota/v1/" + a.vin() + "/status", "own")).isEmpty();

            Mqtt5Publish received = heard.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(received.getTopic().toString()).isEqualTo("ota/v1/" + a.vin() + "/status");
            assertThat(new String(received.getPayloadAsBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("own");
            assertThat(heard.receive(1, TimeUnit.SECONDS))
                    .as("nothing arrived under B's VIN")
                    .isEmpty();
        }
    }

    @Test
    void reportsEachRefusedPublishAndSubscribeOfAVehicleWithItsVinToPlatformClients() throws Exception {
        Vehicle a = vehicle();
        Vehicle b = vehicle();
        Mqtt5BlockingClient platform = platform();
        try (var reports = refusalReports(platform)) {
            Mqtt5BlockingClient clientA = client(a.vin(), a.keys(), a.certificate());
            clientA.connect();
            String foreignCommands = "ota/v1/" + b.vin() + "/cmd";
            assertThatThrownBy(() -> clientA.subscribeWith()
                            .topicFilter(foreignCommands)
                            .qos(MqttQos.AT_LEAST_ONCE)
                            .send())
                    .isInstanceOf(Mqtt5SubAckException.class);
            String foreignStatus = "ota/v1/" + b.vin() + "/status";
            assertThat(publish(clientA, foreignStatus, "forged")).isPresent();

            List<BrokerRefusalReport> heard = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Mqtt5Publish report = reports.receive(10, TimeUnit.SECONDS).orElseThrow();
                assertThat(report.getTopic().toString()).isEqualTo(BrokerRefusalReport.topic("test-broker"));
                heard.add(BrokerRefusalReport.parse(report.getPayloadAsBytes()).orElseThrow());
            }
            assertThat(heard)
                    .containsExactlyInAnyOrder(
                            new BrokerRefusalReport(a.vin(), "subscribe_denied", foreignCommands),
                            new BrokerRefusalReport(a.vin(), "publish_denied", foreignStatus));
        }
    }

    @Test
    void reportsEachRefusedConnectionOfAFleetCertificateWithItsVin() throws Exception {
        Vehicle revoked = vehicle();
        Vehicle connectedAtRevocation = vehicle();
        Vehicle posing = vehicle();
        Vehicle hasty = vehicle();
        Mqtt5BlockingClient platform = platform();
        try (var reports = refusalReports(platform)) {
            Mqtt5BlockingClient connected = reconnect(connectedAtRevocation);
            ca.revoke(revoked.certificate().getSerialNumber());
            ca.revoke(connectedAtRevocation.certificate().getSerialNumber());
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> !connected.getState().isConnected());
            assertThatThrownBy(() -> reconnect(revoked)).isInstanceOf(Mqtt5ConnAckException.class);
            String otherClientId = TestVehicle.randomVin();
            assertThatThrownBy(() -> client(otherClientId, posing.keys(), posing.certificate())
                            .connect())
                    .isInstanceOf(Mqtt5ConnAckException.class);
            int refusedForRate = 0;
            for (int i = 0; i < 8; i++) {
                try {
                    reconnect(hasty).disconnect();
                } catch (Mqtt5ConnAckException refused) {
                    refusedForRate++;
                }
            }
            assertThat(refusedForRate).as("connects beyond the burst of 5").isPositive();

            List<BrokerRefusalReport> expected = List.of(
                    new BrokerRefusalReport(revoked.vin(), "revoked", revoked.vin()),
                    new BrokerRefusalReport(
                            connectedAtRevocation.vin(), "revoked_disconnected", connectedAtRevocation.vin()),
                    new BrokerRefusalReport(posing.vin(), "client_id_not_vin", otherClientId),
                    new BrokerRefusalReport(hasty.vin(), "connect_rate", hasty.vin()));
            List<BrokerRefusalReport> heard = new java.util.ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while ((!heard.containsAll(expected)
                            || heard.stream()
                                            .filter(report -> report.vin().equals(hasty.vin()))
                                            .count()
                                    < refusedForRate)
                    && System.nanoTime() < until) {
                reports.receive(1, TimeUnit.SECONDS)
                        .flatMap(report -> BrokerRefusalReport.parse(report.getPayloadAsBytes()))
                        .ifPresent(heard::add);
            }
            assertThat(heard).containsAll(expected);
            assertThat(heard)
                    .as("each refused connect of the hasty vehicle is reported, none of its admitted ones")
                    .filteredOn(report -> report.vin().equals(hasty.vin()))
                    .hasSize(refusedForRate)
                    .allSatisfy(report -> assertThat(report.refusal()).isEqualTo("connect_rate"));
        } finally {
            platform.disconnect();
        }
    }

    @Test
    void aVehicleMayAskForACertificateOnItsOwnRequestTopicAndHearOnlyItsOwnAnswers() throws Exception {
        Vehicle a = vehicle();
        Vehicle b = vehicle();
        Mqtt5BlockingClient platform = platform();
        try (var heard = platform.publishes(MqttGlobalPublishFilter.ALL)) {
            platform.subscribeWith()
                    .topicFilter(MqttTopics.sharedCertificateRequests())
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            Mqtt5BlockingClient clientA = client(a.vin(), a.keys(), a.certificate());
            clientA.connect();

            assertThat(clientA.subscribeWith()
                            .topicFilter(MqttTopics.certificateAnswer(a.vin()))
                            .qos(MqttQos.AT_LEAST_ONCE)
                            .send()
                            .getReasonCodes())
                    .containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            assertThatThrownBy(() -> clientA.subscribeWith()
                            .topicFilter(MqttTopics.certificateAnswer(b.vin()))
                            .qos(MqttQos.AT_LEAST_ONCE)
                            .send())
                    .isInstanceOf(Mqtt5SubAckException.class);
            assertThat(publish(clientA, MqttTopics.certificateRequest(a.vin()), "csr"))
                    .isEmpty();

            Mqtt5Publish received = heard.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(received.getTopic().toString()).isEqualTo(MqttTopics.certificateRequest(a.vin()));
            assertThat(received.getUserProperties().asList())
                    .anySatisfy(p -> assertThat(p.getValue().toString()).isEqualTo(a.vin()));
            assertThat(publish(clientA, MqttTopics.certificateRequest(b.vin()), "forged"))
                    .as("the broker refuses a request under another VIN")
                    .isPresent();
        }
    }

    @Test
    void aVehicleMayAskTheDirectorOnItsOwnRequestTopicStampedWithItsVinAndHearOnlyItsOwnAnswers() throws Exception {
        Vehicle a = vehicle();
        Vehicle b = vehicle();
        Mqtt5BlockingClient platform = platform();
        try (var heard = platform.publishes(MqttGlobalPublishFilter.ALL)) {
            platform.subscribeWith()
                    .topicFilter(MqttTopics.sharedDirectorRequests())
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            Mqtt5BlockingClient clientA = client(a.vin(), a.keys(), a.certificate());
            clientA.connect();

            assertThat(clientA.subscribeWith()
                            .topicFilter(MqttTopics.directorAnswer(a.vin()))
                            .qos(MqttQos.AT_LEAST_ONCE)
                            .send()
                            .getReasonCodes())
                    .containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
            assertThatThrownBy(() -> clientA.subscribeWith()
                            .topicFilter(MqttTopics.directorAnswer(b.vin()))
                            .qos(MqttQos.AT_LEAST_ONCE)
                            .send())
                    .isInstanceOf(Mqtt5SubAckException.class);
            assertThat(publish(clientA, MqttTopics.directorRequest(a.vin()), "{\"knownTargetsVersion\":0}"))
                    .isEmpty();

            Mqtt5Publish received = heard.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(received.getTopic().toString()).isEqualTo(MqttTopics.directorRequest(a.vin()));
            assertThat(received.getUserProperties().asList())
                    .anySatisfy(p -> assertThat(p.getValue().toString()).isEqualTo(a.vin()));
            assertThat(publish(clientA, MqttTopics.directorRequest(b.vin()), "{}"))
                    .as("the broker refuses an ask under another VIN")
                    .isPresent();
        }
    }

    @Test
    void stampsTheCertificateIdentityOverAnyIdentityTheVehicleClaims() throws Exception {
        Vehicle a = vehicle();
        Mqtt5BlockingClient platform = platform();
        try (var heard = platform.publishes(MqttGlobalPublishFilter.ALL)) {
            platform.subscribeWith()
                    .topicFilter("ota/v1/" + a.vin() + "/health")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            Mqtt5BlockingClient clientA = client(a.vin(), a.keys(), a.certificate());
            clientA.connect();
            clientA.publishWith()
                    .topic("ota/v1/" + a.vin() + "/health")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload("beacon".getBytes(StandardCharsets.UTF_8))
                    .userProperties()
                    .add(VehicleAccessExtension.IDENTITY_PROPERTY, TestVehicle.randomVin())
                    .applyUserProperties()
                    .send();

            Mqtt5Publish received = heard.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(received.getUserProperties().asList()).singleElement().satisfies(p -> {
                assertThat(p.getName().toString()).isEqualTo(VehicleAccessExtension.IDENTITY_PROPERTY);
                assertThat(p.getValue().toString()).isEqualTo(a.vin());
            });
        }
    }

    @Test
    void reportsTheVehiclesConnectedToTheBrokerToPlatformClientsOnly() throws Exception {
        Mqtt5BlockingClient platform = platform();
        AtomicInteger reported = new AtomicInteger(-1);
        platform.toAsync()
                .subscribeWith()
                .topicFilter(ConnectedVehiclesReport.TOPIC_FILTER)
                .qos(MqttQos.AT_MOST_ONCE)
                .callback(publish -> {
                    assertThat(ConnectedVehiclesReport.brokerId(
                                    publish.getTopic().toString()))
                            .contains("test-broker");
                    reported.set(ConnectedVehiclesReport.connectedVehicles(publish.getPayloadAsBytes())
                            .orElseThrow());
                })
                .send()
                .get(10, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> reported.get() >= 0);
        int before = reported.get();

        Vehicle a = vehicle();
        Mqtt5BlockingClient clientA = client(a.vin(), a.keys(), a.certificate());
        clientA.connect();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(reported.get()).isEqualTo(before + 1));
        // a second connection under the same VIN takes the session over: still one vehicle
        Mqtt5BlockingClient takeover = reconnect(a);
        Thread.sleep(600);
        assertThat(reported.get()).isEqualTo(before + 1);
        // a vehicle cannot read the broker's report
        assertThatThrownBy(() -> takeover.subscribeWith()
                        .topicFilter(ConnectedVehiclesReport.TOPIC_FILTER)
                        .qos(MqttQos.AT_MOST_ONCE)
                        .send())
                .isInstanceOf(Mqtt5SubAckException.class);

        if (takeover.getState().isConnected()) {
            takeover.disconnect();
        }
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(reported.get()).isEqualTo(before));
        platform.disconnect();
    }

    @Test
    void theCaRefusesACsrWhoseSubjectIsNotAVin() {
        KeyPair keys = FleetCa.generateKeyPair();
        assertThatThrownBy(() -> ca.issueVehicle(FleetCa.request(keys, "CN=not-a-vin"), Duration.ofDays(1)))
                .isInstanceOf(FleetCa.CertificateRequestRefused.class)
                .hasMessageContaining("must be the vehicle's VIN");
    }

    @Test
    void aVehicleCertificateNeverReadsOrWritesOtherVehiclesTopicsWhateverItTries() throws Exception {
        Vehicle attacker = vehicle();
        Vehicle victim = vehicle();
        Mqtt5BlockingClient platform = platform();
        Mqtt5BlockingClient victimClient = reconnect(victim);
        victimClient
                .subscribeWith()
                .topicFilter(MqttTopics.topic(victim.vin(), MqttTopics.Channel.CMD))
                .qos(MqttQos.AT_LEAST_ONCE)
                .send();
        // as another vehicle's client id, and as a platform client id: refused at connect
        assertThatThrownBy(() -> client(victim.vin(), attacker.keys(), attacker.certificate())
                        .connect())
                .isInstanceOf(Mqtt5ConnAckException.class);
        assertThatThrownBy(() -> client("device-gateway", attacker.keys(), attacker.certificate())
                        .connect())
                .isInstanceOf(Mqtt5ConnAckException.class);

        Mqtt5BlockingClient hostile = reconnect(attacker);
        for (String filter : new String[] {
            "ota/v1/#",
            "ota/v1/+/cmd",
            "ota/v1/+/manifest",
            "#",
            "$share/gateway/ota/v1/+/status",
            MqttTopics.topic(victim.vin(), MqttTopics.Channel.CMD)
        }) {
            assertThatThrownBy(() -> hostile.subscribeWith()
                            .topicFilter(filter)
                            .qos(MqttQos.AT_LEAST_ONCE)
                            .send())
                    .as("subscribing to %s", filter)
                    .isInstanceOf(Mqtt5SubAckException.class);
        }
        try (var victimHeard = victimClient.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(publish(hostile, MqttTopics.topic(victim.vin(), MqttTopics.Channel.CMD), "install this"))
                    .as("a command to another vehicle")
                    .isPresent();
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> !hostile.getState().isConnected());
            Mqtt5BlockingClient again = reconnect(attacker);
            assertThat(publish(again, MqttTopics.topic(attacker.vin(), MqttTopics.Channel.CMD), "to myself"))
                    .as("a command to itself: vehicles only receive commands")
                    .isPresent();
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> !again.getState().isConnected());

            // the platform's traffic to the victim goes on, and the attacker, listening with all it may, hears none
            Mqtt5BlockingClient listener = reconnect(attacker);
            try (var stolen = listener.publishes(MqttGlobalPublishFilter.ALL)) {
                listener.subscribeWith()
                        .topicFilter(MqttTopics.topic(attacker.vin(), MqttTopics.Channel.CMD))
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send();
                platform.publishWith()
                        .topic(MqttTopics.topic(victim.vin(), MqttTopics.Channel.CMD))
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload("real command".getBytes(StandardCharsets.UTF_8))
                        .send();
                Mqtt5Publish delivered =
                        victimHeard.receive(10, TimeUnit.SECONDS).orElseThrow();
                assertThat(new String(delivered.getPayloadAsBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("real command");
                assertThat(victimHeard.receive(1, TimeUnit.SECONDS))
                        .as("no forged command arrived")
                        .isEmpty();
                assertThat(stolen.receive(1, TimeUnit.SECONDS))
                        .as("the attacker learned nothing")
                        .isEmpty();
            }
        }
        assertThat(refusals()).containsKeys("client_id_not_vin", "subscribe_denied", "publish_denied");
        assertThat(refusals().get("subscribe_denied")).isGreaterThanOrEqualTo(6);
    }

    @Test
    void aPacketLargerThanTheLimitDisconnectsItsSenderAndNeverReachesTheGateway() throws Exception {
        Vehicle a = vehicle();
        Mqtt5BlockingClient platform = platform();
        try (var heard = platform.publishes(MqttGlobalPublishFilter.ALL)) {
            platform.subscribeWith()
                    .topicFilter("ota/v1/" + a.vin() + "/health")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            // a client that keeps to the broker's announced limit cannot even send it ...
            Mqtt5BlockingClient polite = reconnect(a);
            assertThat(publish(polite, "ota/v1/" + a.vin() + "/health", "x".repeat(MqttBroker.MAX_PACKET_SIZE + 1)))
                    .isPresent();
            polite.disconnect();
            // ... and one that ignores it is cut off by the broker, its message dropped
            try (RawMqttClient raw = RawMqttClient.connect(
                    "127.0.0.1",
                    broker.tlsPort(),
                    a.vin(),
                    keyStoreOf(a.keys(), a.certificate()),
                    PASSWORD,
                    trustStoreOf(ca.certificate()))) {
                boolean sentWhole =
                        raw.publishQos0("ota/v1/" + a.vin() + "/health", new byte[MqttBroker.MAX_PACKET_SIZE + 1024]);
                assertThat(!sentWhole || raw.closedByBroker(Duration.ofSeconds(10)))
                        .as("the broker closed the connection")
                        .isTrue();
            }
            assertThat(heard.receive(2, TimeUnit.SECONDS))
                    .as("nothing was forwarded")
                    .isEmpty();
            Mqtt5BlockingClient again = reconnect(a);
            assertThat(publish(again, "ota/v1/" + a.vin() + "/health", "x".repeat(200 * 1024)))
                    .as("a 200 KiB message still passes")
                    .isEmpty();
            assertThat(heard.receive(10, TimeUnit.SECONDS)).isPresent();
        }
    }

    @Test
    void aClientIdThatConnectsTooOftenIsRefusedUntilItSlowsDown() throws Exception {
        Vehicle a = vehicle();
        int refused = 0;
        for (int i = 0; i < 20; i++) {
            try {
                client(a.vin(), a.keys(), a.certificate()).connect();
            } catch (Mqtt5ConnAckException e) {
                assertThat(e.getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.CONNECTION_RATE_EXCEEDED);
                refused++;
            }
        }
        assertThat(refused).as("connects beyond the burst of 5").isGreaterThanOrEqualTo(10);
        Thread.sleep(2_100);
        reconnect(a).disconnect();
        assertThat(refusals()).containsKey("connect_rate");
    }

    @Test
    void aConnectedVehicleIsDisconnectedWithinTwoSecondsOfItsRevocation() throws Exception {
        Vehicle a = vehicle();
        Vehicle b = vehicle();
        Mqtt5BlockingClient clientA = reconnect(a);
        Mqtt5BlockingClient clientB = reconnect(b);

        long revoked = System.nanoTime();
        ca.revoke(a.certificate().getSerialNumber());

        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !clientA.getState().isConnected());
        System.out.printf("revoked vehicle disconnected after %.0f ms%n", (System.nanoTime() - revoked) / 1e6);
        assertThatThrownBy(() -> reconnect(a)).isInstanceOf(Mqtt5ConnAckException.class);
        assertThat(clientB.getState().isConnected()).as("its neighbour stays").isTrue();
    }

    /** The broker's refusal reports, as the platform client hears them from now on. */
    private static Mqtt5BlockingClient.Mqtt5Publishes refusalReports(Mqtt5BlockingClient platform) {
        var reports = platform.publishes(MqttGlobalPublishFilter.ALL);
        platform.subscribeWith()
                .topicFilter(BrokerRefusalReport.TOPIC_FILTER)
                .qos(MqttQos.AT_LEAST_ONCE)
                .send();
        return reports;
    }

    /** The refusal counts of the broker's last report, read as a platform client. */
    private static java.util.Map<String, Long> refusals() throws Exception {
        Mqtt5BlockingClient platform = platform();
        try (var reports = platform.publishes(MqttGlobalPublishFilter.ALL)) {
            platform.subscribeWith()
                    .topicFilter(ConnectedVehiclesReport.TOPIC_FILTER)
                    .qos(MqttQos.AT_MOST_ONCE)
                    .send();
            // the retained report first, then a fresh one every 200 ms: the last one read within a second is current
            java.util.Map<String, Long> last = java.util.Map.of();
            long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            Optional<Mqtt5Publish> report;
            while (System.nanoTime() < until && (report = reports.receive(300, TimeUnit.MILLISECONDS)).isPresent()) {
                last = ConnectedVehiclesReport.refused(report.get().getPayloadAsBytes());
            }
            return last;
        } finally {
            platform.disconnect();
        }
    }

    private record Vehicle(String vin, KeyPair keys, X509Certificate certificate) {}

    private static Vehicle vehicle() {
        String vin = TestVehicle.randomVin();
        KeyPair keys = FleetCa.generateKeyPair();
        return new Vehicle(vin, keys, ca.issueVehicle(FleetCa.request(keys, "CN=" + vin), Duration.ofDays(1)));
    }

    private static Mqtt5BlockingClient platform() throws Exception {
        KeyPair keys = FleetCa.generateKeyPair();
        X509Certificate cert = platformIssuer.issue("device-gateway", keys.getPublic(), Duration.ofDays(1));
        Mqtt5BlockingClient client = client("gateway-" + UUID.randomUUID(), keys, cert);
        client.connect();
        return client;
    }

    private static Mqtt5BlockingClient reconnect(Vehicle vehicle) throws Exception {
        Mqtt5BlockingClient client = client(vehicle.vin(), vehicle.keys(), vehicle.certificate());
        client.connect();
        return client;
    }

    private static Optional<Throwable> publish(Mqtt5BlockingClient client, String topic, String payload) {
        try {
            var result = client.toAsync()
                    .publishWith()
                    .topic(topic)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload.getBytes(StandardCharsets.UTF_8))
                    .send()
                    .get(10, TimeUnit.SECONDS);
            if (result instanceof com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult.Mqtt5Qos1Result qos1
                    && qos1.getPubAck().getReasonCode().isError()) {
                return Optional.of(new IllegalStateException(
                        qos1.getPubAck().getReasonCode().toString()));
            }
            return result.getError().map(Throwable.class::cast);
        } catch (Exception failed) {
            return Optional.of(failed);
        }
    }

    private static Mqtt5BlockingClient client(String clientId, KeyPair keys, X509Certificate cert) throws Exception {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStoreOf(keys, cert), PASSWORD);
        return Mqtt5Client.builder()
                .identifier(clientId)
                .serverHost("127.0.0.1")
                .serverPort(broker.tlsPort())
                .sslConfig(MqttClientSslConfig.builder()
                        .keyManagerFactory(keyManagers)
                        .trustManagerFactory(trust(ca.certificate()))
                        .build())
                .buildBlocking();
    }

    private static TrustManagerFactory trust(X509Certificate caCert) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trustStoreOf(caCert));
            return factory;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore keyStoreOf(KeyPair keys, X509Certificate cert) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("key", keys.getPrivate(), PASSWORD, new Certificate[] {cert});
        return store;
    }

    private static KeyStore trustStoreOf(X509Certificate caCert) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("fleet-ca", caCert);
        return store;
    }

    private static void store(Path path, KeyStore store) throws Exception {
        try (OutputStream out = Files.newOutputStream(path)) {
            store.store(out, PASSWORD);
        }
    }
}

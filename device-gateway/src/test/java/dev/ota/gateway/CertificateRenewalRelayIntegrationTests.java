package dev.ota.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.VehicleCertificateAnswered;
import dev.ota.contracts.events.VehicleCertificateInUse;
import dev.ota.contracts.events.VehicleCertificateRequested;
import dev.ota.contracts.events.VehicleMessageRefused;
import dev.ota.contracts.mqtt.CertificateInUseReport;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.pki.FleetCa;
import dev.ota.pki.broker.VehicleAccessExtension;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.RealInfrastructure;
import dev.ota.testsupport.WithRealInfrastructure;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * Certificate renewal over MQTT as the gateway relays it, against the running gateway, the real broker and Kafka: the
 * fleet CA (signing-service) is played by the test through the Kafka topics. The test's broker has no access
 * extension, so the test client sets the identity stamp itself, as the extension would (BrokerSecurityIntegrationTests
 * checks the extension lets a vehicle use only its own renewal topics and stamps its VIN).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure(database = "gateway")
class CertificateRenewalRelayIntegrationTests {

    @Test
    void aStampedRequestGoesToTheFleetCaAndItsAnswerToTheVehicle() throws Exception {
        String vin = TestVehicle.randomVin();
        String csr = csr(FleetCa.generateKeyPair(), vin);
        Mqtt5BlockingClient vehicle = vehicle();
        try (Mqtt5BlockingClient.Mqtt5Publishes answers = answersTo(vehicle, vin)) {
            publish(vehicle, vin, csr, vin);

            VehicleCertificateRequested request = EventCodec.decode(
                    KafkaTestClient.await(
                                    Topics.FLEET_CERTIFICATE_REQUESTS, r -> vin.equals(r.key()), Duration.ofSeconds(30))
                            .value(),
                    VehicleCertificateRequested.class);
            assertThat(request.vin()).isEqualTo(vin);
            assertThat(request.csr()).isEqualTo(csr);

            Instant retryAfter = Instant.parse("2026-12-06T12:00:00Z");
            KafkaTestClient.send(new VehicleCertificateAnswered(
                    UUID.randomUUID(),
                    Instant.now(),
                    vin,
                    request.eventId(),
                    null,
                    null,
                    null,
                    "too soon",
                    retryAfter));

            JsonNode answer = EventCodec.mapper()
                    .readTree(
                            answers.receive(30, TimeUnit.SECONDS).orElseThrow().getPayloadAsBytes());
            assertThat(answer.path("vin").asString()).isEqualTo(vin);
            assertThat(answer.path("refused").asString()).isEqualTo("too soon");
            assertThat(answer.path("retryAfter").asString()).isEqualTo("2026-12-06T12:00:00Z");
        } finally {
            vehicle.disconnect();
        }
    }

    @Test
    void noRequestForAnotherVehicleFromAnotherConnectionOrUnstampedReachesTheFleetCa() throws Exception {
        String vin = TestVehicle.randomVin();
        String other = TestVehicle.randomVin();

        assertThat(ask(vin, csr(FleetCa.generateKeyPair(), other), vin)
                        .path("refused")
                        .asString())
                .contains("CN " + other);
        assertThat(ask(vin, csr(FleetCa.generateKeyPair(), vin), other)
                        .path("refused")
                        .asString())
                .contains(other + "'s");
        assertThat(ask(vin, csr(FleetCa.generateKeyPair(), vin), null)
                        .path("refused")
                        .asString())
                .contains("identity stamp");
        assertThat(ask(vin, "not a CSR", vin).path("refused").asString()).contains("PEM certificate request");
        assertThat(KafkaTestClient.readAll(Topics.FLEET_CERTIFICATE_REQUESTS))
                .noneMatch(r -> vin.equals(r.key()) || other.equals(r.key()));

        // each refusal is in the audit log under the certificate that asked: three of vin's, one of other's
        List<VehicleMessageRefused> audited = org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> KafkaTestClient.readAll(Topics.EDGE_REFUSALS).stream()
                                .flatMap(r -> KafkaTestClient.eventOf(r, VehicleMessageRefused.class).stream())
                                .filter(r -> r.mqttTopic().equals(MqttTopics.certificateRequest(vin)))
                                .toList(),
                        records -> records.size() == 4);
        assertThat(audited).allSatisfy(r -> assertThat(r.reason()).isEqualTo("CERTIFICATE_REQUEST_REFUSED"));
        assertThat(audited)
                .extracting(VehicleMessageRefused::sender)
                .containsExactlyInAnyOrder(vin, other, VehicleMessageRefused.UNIDENTIFIED, vin);
    }

    @Test
    void theBrokersCertificateInUseReportGoesToTheFleetCa() throws Exception {
        String vin = TestVehicle.randomVin();
        Mqtt5BlockingClient broker = vehicle();
        try {
            broker.publishWith()
                    .topic(CertificateInUseReport.topic("broker-1"))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(new CertificateInUseReport(vin, "2a7c").payload())
                    .send();
        } finally {
            broker.disconnect();
        }

        VehicleCertificateInUse seen = EventCodec.decode(
                KafkaTestClient.await(
                                Topics.FLEET_CERTIFICATE_REQUESTS, r -> vin.equals(r.key()), Duration.ofSeconds(30))
                        .value(),
                VehicleCertificateInUse.class);
        assertThat(seen.serial()).isEqualTo("2a7c");
    }

    private static Mqtt5BlockingClient vehicle() {
        Mqtt5BlockingClient client = Mqtt5Client.builder()
                .identifier("renewal-test-" + UUID.randomUUID())
                .serverHost(RealInfrastructure.get().mqttHost())
                .serverPort(RealInfrastructure.get().mqttPort())
                .buildBlocking();
        client.connect();
        return client;
    }

    private static Mqtt5BlockingClient.Mqtt5Publishes answersTo(Mqtt5BlockingClient vehicle, String vin) {
        Mqtt5BlockingClient.Mqtt5Publishes answers = vehicle.publishes(MqttGlobalPublishFilter.SUBSCRIBED);
        vehicle.subscribeWith()
                .topicFilter(MqttTopics.certificateAnswer(vin))
                .qos(MqttQos.AT_LEAST_ONCE)
                .send();
        return answers;
    }

    private static void publish(Mqtt5BlockingClient vehicle, String vin, String csr, @Nullable String identity) {
        var request = vehicle.publishWith()
                .topic(MqttTopics.certificateRequest(vin))
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(csr.getBytes(StandardCharsets.US_ASCII));
        if (identity != null) {
            request = request.userProperties()
                    .add(VehicleAccessExtension.IDENTITY_PROPERTY, identity)
                    .applyUserProperties();
        }
        request.send();
    }

    /** Publishes a request stamped with {@code identity} and waits for the gateway's own answer (a refusal). */
    private static JsonNode ask(String vin, String csr, @Nullable String identity) throws Exception {
        Mqtt5BlockingClient vehicle = vehicle();
        try (Mqtt5BlockingClient.Mqtt5Publishes answers = answersTo(vehicle, vin)) {
            publish(vehicle, vin, csr, identity);
            Mqtt5Publish answer = answers.receive(30, TimeUnit.SECONDS).orElseThrow();
            return EventCodec.mapper().readTree(answer.getPayloadAsBytes());
        } finally {
            vehicle.disconnect();
        }
    }

    private static String csr(KeyPair keys, String vin) {
        return FleetCa.pem(FleetCa.request(keys, "CN=" + vin));
    }
}

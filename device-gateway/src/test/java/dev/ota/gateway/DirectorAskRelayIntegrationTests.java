package dev.ota.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.DirectorMetadataAnswered;
import dev.ota.contracts.events.DirectorMetadataRequested;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.VehicleMessageRefused;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.pki.broker.VehicleAccessExtension;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.RealInfrastructure;
import dev.ota.testsupport.WithRealInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Vehicles asking the director, as the gateway relays it, against the running gateway, the real broker and Kafka; the
 * director is played by the test through the Kafka topics. The test's broker has no access extension, so the test
 * client sets the identity stamp itself, as the extension would ({@code BrokerSecurityIntegrationTests} checks that
 * the extension lets a vehicle ask only on its own topic and stamps its VIN over any it claims).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure(database = "gateway")
class DirectorAskRelayIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    MeterRegistry meters;

    @Test
    void aStampedAskGoesToTheDirectorAndItsAnswerToTheVehicleUnchanged() throws Exception {
        String vin = TestVehicle.randomVin();
        Mqtt5BlockingClient vehicle = client();
        try (Mqtt5BlockingClient.Mqtt5Publishes answers = answersTo(vehicle, vin)) {
            ask(vehicle, vin, "{\"knownTargetsVersion\":3}", vin);

            DirectorMetadataRequested request = EventCodec.decode(
                    KafkaTestClient.await(Topics.DIRECTOR_REQUESTS, r -> vin.equals(r.key()), WAIT)
                            .value(),
                    DirectorMetadataRequested.class);
            assertThat(request.vin()).isEqualTo(vin);
            assertThat(request.knownTargetsVersion()).isEqualTo(3);

            var metadata = Map.of(
                    "1.root.json", "{\"signed\":{\"_type\":\"root\"}}",
                    "4.targets.json", "{\"signed\":{\"_type\":\"targets\",\"version\":4}}");
            var sent = new DirectorMetadataAnswered(
                    UUID.randomUUID(),
                    Instant.now(),
                    vin,
                    request.eventId(),
                    4,
                    UUID.randomUUID(),
                    UUID.randomUUID(),
                    new InstallConditions(true, 30, false, null),
                    metadata);
            KafkaTestClient.send(sent);

            Mqtt5Publish received = answers.receive(30, TimeUnit.SECONDS).orElseThrow();
            assertThat(received.getTopic().toString()).isEqualTo("ota/v1/" + vin + "/director");
            assertThat(EventCodec.decode(received.getPayloadAsBytes(), DirectorMetadataAnswered.class))
                    .isEqualTo(sent);
            assertThat(received.getMessageExpiryInterval()).isPresent();
        } finally {
            vehicle.disconnect();
        }
    }

    @Test
    void asksUnderAnotherCertificateUnstampedOversizedMalformedOrBeyondTheAllowanceNeverReachTheDirector()
            throws Exception {
        String vin = TestVehicle.randomVin();
        String other = TestVehicle.randomVin();
        String looping = TestVehicle.randomVin();
        Mqtt5BlockingClient vehicle = client();
        try {
            ask(vehicle, vin, "", other); // another vehicle's certificate, on this vehicle's topic
            ask(vehicle, other, "", vin); // this vehicle's certificate, on another vehicle's topic
            ask(vehicle, vin, "", null); // no certificate identity stamped
            ask(vehicle, vin, "{\"knownTargetsVersion\":1,\"pad\":\"" + "x".repeat(2_000) + "\"}", vin);
            ask(vehicle, vin, "{\"knownTargetsVersion\":-1}", vin);
            ask(vehicle, vin, "not json", vin);
            for (int i = 0; i < 8; i++) {
                ask(vehicle, looping, "", looping);
            }

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(refused("vin_mismatch")).isGreaterThanOrEqualTo(2);
                assertThat(refused("no_identity")).isGreaterThanOrEqualTo(1);
                assertThat(refused("oversize")).isGreaterThanOrEqualTo(1);
                assertThat(refused("malformed")).isGreaterThanOrEqualTo(2);
                assertThat(refused("rate")).isGreaterThanOrEqualTo(4);
            });
            // and each refusal is in the audit log, under the certificate that asked, never the topic's vehicle
            List<String> audited = await().atMost(WAIT)
                    .until(
                            () -> KafkaTestClient.readAll(Topics.EDGE_REFUSALS).stream()
                                    .flatMap(r -> KafkaTestClient.eventOf(r, VehicleMessageRefused.class).stream())
                                    .filter(r -> List.of(
                                                    MqttTopics.directorRequest(vin),
                                                    MqttTopics.directorRequest(other),
                                                    MqttTopics.directorRequest(looping))
                                            .contains(r.mqttTopic()))
                                    .map(r -> r.sender() + " " + r.reason() + " " + r.mqttTopic())
                                    .toList(),
                            records -> records.size() >= 10);
            assertThat(audited)
                    .contains(
                            other + " DIRECTOR_ASK_VIN_MISMATCH " + MqttTopics.directorRequest(vin),
                            vin + " DIRECTOR_ASK_VIN_MISMATCH " + MqttTopics.directorRequest(other),
                            VehicleMessageRefused.UNIDENTIFIED + " DIRECTOR_ASK_NO_IDENTITY "
                                    + MqttTopics.directorRequest(vin),
                            vin + " DIRECTOR_ASK_OVERSIZE " + MqttTopics.directorRequest(vin),
                            vin + " DIRECTOR_ASK_MALFORMED " + MqttTopics.directorRequest(vin),
                            looping + " DIRECTOR_ASK_RATE " + MqttTopics.directorRequest(looping));
            KafkaTestClient.awaitAll(Topics.DIRECTOR_REQUESTS, r -> looping.equals(r.key()), 3, WAIT);
            var reached = KafkaTestClient.readAll(Topics.DIRECTOR_REQUESTS);
            assertThat(reached)
                    .as("asks that reached the director")
                    .noneMatch(r -> vin.equals(r.key()) || other.equals(r.key()));
            assertThat(reached.stream().filter(r -> looping.equals(r.key())))
                    .as("8 asks in a row: the burst of 3 (a 4th if 20 s passed meanwhile), then nothing")
                    .hasSizeBetween(3, 4);
        } finally {
            vehicle.disconnect();
        }
    }

    private double refused(String reason) {
        Counter counter = meters.find("ota.gateway.director.asks")
                .tag("outcome", "refused")
                .tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static Mqtt5BlockingClient client() {
        Mqtt5BlockingClient client = Mqtt5Client.builder()
                .identifier("director-ask-test-" + UUID.randomUUID())
                .serverHost(RealInfrastructure.get().mqttHost())
                .serverPort(RealInfrastructure.get().mqttPort())
                .buildBlocking();
        client.connect();
        return client;
    }

    private static Mqtt5BlockingClient.Mqtt5Publishes answersTo(Mqtt5BlockingClient vehicle, String vin) {
        Mqtt5BlockingClient.Mqtt5Publishes answers = vehicle.publishes(MqttGlobalPublishFilter.SUBSCRIBED);
        vehicle.subscribeWith()
                .topicFilter(MqttTopics.directorAnswer(vin))
                .qos(MqttQos.AT_LEAST_ONCE)
                .send();
        return answers;
    }

    private static void ask(Mqtt5BlockingClient vehicle, String vin, String payload, @Nullable String identity) {
        var request = vehicle.publishWith()
                .topic(MqttTopics.directorRequest(vin))
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8));
        if (identity != null) {
            request = request.userProperties()
                    .add(VehicleAccessExtension.IDENTITY_PROPERTY, identity)
                    .applyUserProperties();
        }
        request.send();
    }
}

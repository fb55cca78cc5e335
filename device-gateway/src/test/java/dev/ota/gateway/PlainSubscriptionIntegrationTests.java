package dev.ota.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import dev.ota.contracts.VehicleEventIds;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.contracts.mqtt.MqttTopics.Channel;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.WithRealInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** A single replica without shared subscriptions: its one session subscribes plainly and still forwards at least once. */
@SpringBootTest(
        properties = {
            "ota.mqtt.shared-subscription=false",
            "ota.mqtt.sessions=1",
            "ota.mqtt.client-id=device-gateway-plain",
            // a plain test broker without the vehicle access extension: nothing stamps the certificate identity
            "ota.gateway.uplink.require-broker-identity=false"
        })
@WithRealInfrastructure(database = "gateway")
class PlainSubscriptionIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    MeterRegistry meters;

    @Test
    void forwardsVehicleMessagesThroughAPlainSubscriptionOfItsOnlySession() throws Exception {
        Awaitility.await()
                .atMost(WAIT)
                .untilAsserted(() -> assertThat(meters.get("ota.gateway.mqtt.sessions.connected")
                                .gauge()
                                .value())
                        .isEqualTo(1.0));
        Thread.sleep(500);
        try (TestVehicle vehicle = TestVehicle.online()) {
            var progress = new UpdateProgress(
                    UUID.randomUUID(),
                    Instant.now(),
                    vehicle.vin,
                    UUID.randomUUID(),
                    null,
                    InstallPhase.INSTALLING,
                    null);
            vehicle.publish(Channel.STATUS, progress);

            KafkaTestClient.await(
                    Topics.VEHICLE_REPORTS,
                    r -> KafkaTestClient.header(r, Headers.EVENT_ID)
                            .filter(VehicleEventIds.derive(vehicle.vin, progress.eventId())
                                    .toString()::equals)
                            .isPresent(),
                    WAIT);
            Awaitility.await()
                    .atMost(WAIT)
                    .untilAsserted(() -> assertThat(meters.get("ota.gateway.uplink.received")
                                    .tag("session", "1")
                                    .counter()
                                    .count())
                            .isPositive());
            assertThat(meters.find("ota.gateway.uplink.received")
                            .tag("session", "2")
                            .counter())
                    .isNull();
        }
    }
}

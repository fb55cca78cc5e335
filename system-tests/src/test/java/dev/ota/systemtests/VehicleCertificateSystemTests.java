package dev.ota.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.launcher.demo.Actor;
import dev.ota.launcher.demo.FleetVehicle;
import dev.ota.launcher.demo.OtaStory;
import dev.ota.launcher.demo.PlatformClient;
import dev.ota.launcher.demo.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Vehicles on the platform's secured broker: they are provisioned by CSR through the fleet CA that device-gateway
 * serves, connect over mutual TLS with their own certificates, are refused once revoked, and cannot use another
 * vehicle's topics. The other system tests run their updates over the same path.
 */
class VehicleCertificateSystemTests {

    private static final Pattern CONNECTED =
            Pattern.compile("^ota_gateway_broker_vehicles_connected\\{[^}]*} ([0-9.E]+)$", Pattern.MULTILINE);

    private final OtaStory story = RunningPlatform.story();
    private final PlatformClient client = story.client();

    @Test
    void simulatedVehiclesAreProvisionedByCsrAndCountedByTheBrokerOverMutualTls() throws Exception {
        TestFleet fleet = TestFleet.create("certified", 3);

        assertThat(fleet.vins())
                .allSatisfy(vin -> assertThat(client.get(
                                        Actor.FLEET_OPS,
                                        OtaStory.SIGNING,
                                        "/api/v1/fleet-ca/vehicles/" + vin + "/certificates")
                                .json()
                                .size())
                        .isGreaterThanOrEqualTo(1));
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> connectedVehiclesGauge() >= fleet.vins().size());
    }

    @Test
    void aRevokedVehicleIsRefusedAtItsNextConnectWhileTheOthersComeBack() {
        TestFleet fleet = TestFleet.create("revoked", 2);
        FleetVehicle revoked = fleet.vehicles().get(0);
        FleetVehicle kept = fleet.vehicles().get(1);

        assertThat(client.post(Actor.RELEASE_ENGINEER, OtaStory.SIGNING, revocation(revoked), null)
                        .status())
                .isEqualTo(403);
        Reply reply = client.post(Actor.FLEET_OPS, OtaStory.SIGNING, revocation(revoked), null);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("serials").size()).isEqualTo(1);

        // the revoking call answers once the broker holds the revocation (it judges every connect against it and closes
        // the revoked vehicle's open session within its 500 ms sweep), so the vehicles can be cycled at once
        assertThat(reply.json().path("brokers").asInt())
                .isEqualTo(reply.json().path("brokersLive").asInt());
        fleet.vehicles().forEach(vehicle -> story.changeVehicle(vehicle.vin(), Map.of("online", false)));
        await().atMost(Duration.ofMinutes(1)).until(() -> fleet.now().stream().noneMatch(FleetVehicle::online));
        fleet.vehicles().forEach(vehicle -> story.changeVehicle(vehicle.vin(), Map.of("online", true)));

        await().atMost(Duration.ofMinutes(1)).until(() -> online(fleet, kept.vin()));
        await().during(Duration.ofSeconds(10)).atMost(Duration.ofMinutes(1)).until(() -> !online(fleet, revoked.vin()));
    }

    @Test
    void aVehicleCannotSubscribeOrPublishUnderAnotherVehiclesTopicsWithItsOwnCertificate() throws Exception {
        String other = TestFleet.create("neighbour", 1).vehicles().getFirst().vin();
        Mqtt5BlockingClient vehicle = CertifiedMqttClient.connect(CertifiedMqttClient.randomVin("SYS"));
        try {
            assertThatThrownBy(() -> vehicle.subscribeWith()
                            .topicFilter(MqttTopics.command(other))
                            .qos(MqttQos.AT_LEAST_ONCE)
                            .send())
                    .isInstanceOf(Mqtt5SubAckException.class);
            assertThatThrownBy(() -> vehicle.publishWith()
                            .topic(MqttTopics.topic(other, MqttTopics.Channel.STATUS))
                            .qos(MqttQos.AT_LEAST_ONCE)
                            .payload("{}".getBytes(StandardCharsets.UTF_8))
                            .send())
                    .isInstanceOf(RuntimeException.class);
        } finally {
            try {
                vehicle.disconnect();
            } catch (MqttClientStateException closedByTheBroker) {
                // the broker closes the connection of a vehicle that publishes where it may not, possibly only now
            }
        }
        Mqtt5BlockingClient anonymous = Mqtt5Client.builder()
                .identifier(other)
                .serverHost(RunningPlatform.get().mqttHost())
                .serverPort(RunningPlatform.get().mqttPort())
                .buildBlocking();
        assertThatThrownBy(anonymous::connect).isInstanceOf(Mqtt5ConnAckException.class);
    }

    private static String revocation(FleetVehicle vehicle) {
        return "/api/v1/fleet-ca/vehicles/" + vehicle.vin() + "/revocation";
    }

    private static boolean online(TestFleet fleet, String vin) {
        return fleet.now().stream().filter(vehicle -> vehicle.vin().equals(vin)).anyMatch(FleetVehicle::online);
    }

    private double connectedVehiclesGauge() {
        Reply metrics = client.get(Actor.FLEET_OPS, OtaStory.GATEWAY, "/actuator/prometheus");
        Matcher gauge = CONNECTED.matcher(metrics.body());
        return gauge.find() ? Double.parseDouble(gauge.group(1)) : -1;
    }
}

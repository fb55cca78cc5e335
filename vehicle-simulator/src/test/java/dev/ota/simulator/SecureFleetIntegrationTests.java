package dev.ota.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.infra.MqttBroker;
import dev.ota.pki.FleetCa;
import dev.ota.pki.broker.VehicleAccessExtension;
import dev.ota.simulator.fleet.Fleet;
import dev.ota.simulator.fleet.FleetRequest;
import dev.ota.simulator.fleet.Vehicle;
import dev.ota.testsupport.WithRealInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

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
@Import(SecuredFleetTest.InProcessFleetCa.class)
class SecureFleetIntegrationTests extends SecuredFleetTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final FleetCa CA = SecuredBroker.CA;
    private static final AtomicInteger ISSUED = SecuredBroker.ISSUED;
    private static final MqttBroker BROKER = SecuredBroker.get();

    @Autowired
    Fleet fleet;

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
        return SecuredBroker.platformClient("test-gateway");
    }
}

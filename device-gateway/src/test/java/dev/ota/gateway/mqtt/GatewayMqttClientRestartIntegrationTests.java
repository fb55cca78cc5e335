package dev.ota.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.testsupport.Infrastructure;
import dev.ota.testsupport.RealInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replica that comes back (a restart, a crash) gets from its persistent session what the broker kept for it while it
 * was away, right after it connects and before it has subscribed again: each of those messages must still reach the
 * part of the gateway that owns its topic, not the vehicle uplink (which would refuse a director ask as no vehicle
 * report).
 */
class GatewayMqttClientRestartIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String VIN_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";

    private final ExecutorService worker = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopWorker() {
        worker.shutdownNow();
    }

    @Test
    void whatTheBrokerKeptWhileTheReplicaWasAwayReachesThePartThatOwnsItsTopic() throws Exception {
        Infrastructure infrastructure = RealInfrastructure.get();
        String clientId = "gateway-restart-" + UUID.randomUUID();
        var properties = new MqttProperties(
                infrastructure.mqttHost(),
                infrastructure.mqttPort(),
                clientId,
                100,
                1,
                true,
                Duration.ofMinutes(5),
                null);
        // a share group of its own, so no other gateway running in this JVM takes a share of the asks
        String asks = "$share/" + clientId + "/" + MqttTopics.PREFIX + "+/director-request";
        String vin = "RST"
                + ThreadLocalRandom.current()
                        .ints(14, 0, VIN_ALPHABET.length())
                        .mapToObj(i -> String.valueOf(VIN_ALPHABET.charAt(i)))
                        .collect(Collectors.joining());

        Replica before = new Replica(properties, asks);
        Mqtt5BlockingClient vehicle = Mqtt5Client.builder()
                .identifier("vehicle-" + vin)
                .serverHost(infrastructure.mqttHost())
                .serverPort(infrastructure.mqttPort())
                .buildBlocking();
        vehicle.connect();
        try {
            Awaitility.await().atMost(WAIT).until(() -> {
                ask(vehicle, vin, "probe");
                return !before.owned.isEmpty();
            });
            before.client.close();

            List<String> whileAway = List.of("ask 1", "ask 2", "ask 3");
            whileAway.forEach(ask -> ask(vehicle, vin, ask));

            Replica after = new Replica(properties, asks);
            try {
                Awaitility.await()
                        .atMost(WAIT)
                        .untilAsserted(() -> assertThat(after.ownedPayloads()).containsAll(whileAway));
                assertThat(after.others)
                        .as("no message the broker kept reached the vehicle uplink")
                        .isEmpty();
            } finally {
                after.client.close();
            }
        } finally {
            vehicle.disconnect();
        }
    }

    private static void ask(Mqtt5BlockingClient vehicle, String vin, String payload) {
        vehicle.publishWith()
                .topic(MqttTopics.directorRequest(vin))
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload.getBytes(StandardCharsets.UTF_8))
                .send();
    }

    /** One life of a replica: a fresh client on the same persistent session, its parts registered before connecting. */
    private final class Replica {
        final GatewayMqttClient client;
        final Queue<Mqtt5Publish> owned = new ConcurrentLinkedQueue<>();
        final Queue<Mqtt5Publish> others = new ConcurrentLinkedQueue<>();

        Replica(MqttProperties properties, String asks) {
            client = new GatewayMqttClient(properties);
            client.receive(asks, MqttQos.AT_LEAST_ONCE, worker, owned::add);
            client.receiveOthers((session, publish) -> {
                others.add(publish);
                publish.acknowledge();
            });
            client.connect();
        }

        List<String> ownedPayloads() {
            return owned.stream()
                    .map(publish -> new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8))
                    .toList();
        }
    }
}

package dev.ota.gateway;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.testsupport.RealInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/** A bare MQTT vehicle for gateway tests: a persistent session under its VIN, publishing and reading raw. */
final class TestVehicle implements AutoCloseable {

    private static final String VIN_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";

    final String vin;
    private final Mqtt5BlockingClient client;
    private Mqtt5BlockingClient.Mqtt5Publishes inbox;

    private TestVehicle(String vin) {
        this.vin = vin;
        this.client = Mqtt5Client.builder()
                .identifier("vehicle-" + vin)
                .serverHost(RealInfrastructure.get().mqttHost())
                .serverPort(RealInfrastructure.get().mqttPort())
                .buildBlocking();
    }

    static String randomVin() {
        StringBuilder vin = new StringBuilder("TST");
        for (int i = 0; i < 14; i++) {
            vin.append(VIN_ALPHABET.charAt(ThreadLocalRandom.current().nextInt(VIN_ALPHABET.length())));
        }
        return vin.toString();
    }

    /** Connects with a persistent session and subscribes to its command topic. */
    static TestVehicle online() {
        TestVehicle vehicle = new TestVehicle(randomVin());
        vehicle.connect();
        vehicle.client
                .subscribeWith()
                .topicFilter(MqttTopics.command(vehicle.vin))
                .qos(MqttQos.AT_LEAST_ONCE)
                .send();
        return vehicle;
    }

    void connect() {
        inbox = client.publishes(MqttGlobalPublishFilter.ALL);
        client.connectWith().cleanStart(false).sessionExpiryInterval(3600).send();
    }

    void goOffline() {
        inbox.close();
        client.disconnect();
    }

    void publish(String topic, byte[] payload) {
        client.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload)
                .send();
    }

    /** A retained QoS 1 message; an empty payload clears the topic's retained message. */
    void publishRetained(String topic, byte[] payload) {
        client.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .retain(true)
                .payload(payload)
                .send();
    }

    void publish(MqttTopics.Channel channel, OtaEvent event) {
        publish(MqttTopics.topic(vin, channel), EventCodec.encode(event));
    }

    void publishWithIdentity(MqttTopics.Channel channel, OtaEvent event, String identity) {
        publishWithIdentity(MqttTopics.topic(vin, channel), EventCodec.encode(event), identity);
    }

    /** Publishes as the broker would hand it on from a vehicle whose certificate names {@code identity}. */
    void publishWithIdentity(String topic, byte[] payload, String identity) {
        client.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload)
                .userProperties()
                .add("ota-identity", identity)
                .applyUserProperties()
                .send();
    }

    /** The next command within the timeout, as JSON. */
    Optional<JsonNode> nextCommand(Duration timeout) throws InterruptedException {
        Optional<Mqtt5Publish> publish = inbox.receive(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return publish.map(
                p -> EventCodec.mapper().readTree(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
    }

    @Override
    public void close() {
        if (client.getState().isConnected()) {
            client.disconnect();
        }
    }
}

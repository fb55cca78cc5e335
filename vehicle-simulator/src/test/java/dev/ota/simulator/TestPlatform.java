package dev.ota.simulator;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.DirectorMetadataAnswered;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.testsupport.RealInfrastructure;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Plays the gateway for simulator tests: hears everything vehicles publish and sends them commands. */
final class TestPlatform {

    private static TestPlatform instance;

    private final Mqtt5BlockingClient client;
    private final ConcurrentLinkedQueue<OtaEvent> heard = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Ask> asks = new ConcurrentLinkedQueue<>();

    /** A vehicle's ask for its director metadata, as published. */
    record Ask(String vin, long knownTargetsVersion) {}

    private TestPlatform() {
        client = Mqtt5Client.builder()
                .identifier("test-platform-" + UUID.randomUUID())
                .serverHost(RealInfrastructure.get().mqttHost())
                .serverPort(RealInfrastructure.get().mqttPort())
                .buildBlocking();
        client.connect();
        client.toAsync().publishes(MqttGlobalPublishFilter.ALL, publish -> {
            var asking = MqttTopics.directorRequester(publish.getTopic().toString());
            if (asking.isPresent()) {
                asks.add(new Ask(
                        asking.get(),
                        EventCodec.mapper()
                                .readTree(publish.getPayloadAsBytes())
                                .path("knownTargetsVersion")
                                .asLong()));
                return;
            }
            try {
                EventCodec.decode(publish.getPayloadAsBytes()).ifPresent(heard::add);
            } catch (RuntimeException notAnEvent) {
                // commands echo here too; they are not events
            }
        });
        client.subscribeWith()
                .topicFilter("ota/v1/+/+")
                .qos(MqttQos.AT_LEAST_ONCE)
                .send();
    }

    static synchronized TestPlatform get() {
        if (instance == null) {
            instance = new TestPlatform();
        }
        return instance;
    }

    <E extends OtaEvent> List<E> heard(String vin, Class<E> type) {
        return heard.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(e -> e.key().equals(vin))
                .toList();
    }

    List<Ask> asks(String vin) {
        return asks.stream().filter(a -> a.vin().equals(vin)).toList();
    }

    /** Answers on the vehicle's director topic, as the gateway relays the director's answer. */
    void answer(DirectorMetadataAnswered answer) {
        client.publishWith()
                .topic(MqttTopics.directorAnswer(answer.vin()))
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(EventCodec.encode(answer))
                .send();
    }

    void command(String vin, Map<String, Object> command) {
        client.publishWith()
                .topic(MqttTopics.command(vin))
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(EventCodec.mapper().writeValueAsBytes(command))
                .send();
    }
}

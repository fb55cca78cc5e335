package dev.ota.gateway.downlink;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.gateway.mqtt.GatewayMqttClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a command to one vehicle with QoS 1 and returns only when the broker acknowledged it. The broker then
 * queues it in the vehicle's persistent session if the vehicle is offline. While the broker cannot be reached this
 * waits and retries, so the Kafka offset is not committed and no command is lost or dead-lettered for an outage.
 */
final class CommandPublisher {

    private static final Logger log = LoggerFactory.getLogger(CommandPublisher.class);
    private static final Duration MAX_WAIT = Duration.ofSeconds(5);

    private final GatewayMqttClient mqtt;
    private final MeterRegistry meters;
    private volatile boolean stopping;

    CommandPublisher(GatewayMqttClient mqtt, MeterRegistry meters) {
        this.mqtt = mqtt;
        this.meters = meters;
    }

    void publish(VehicleCommand command, @Nullable Instant expiresAt) {
        String topic = MqttTopics.command(command.vin());
        byte[] payload = EventCodec.mapper().writerFor(VehicleCommand.class).writeValueAsBytes(command);
        long attempt = 0;
        while (true) {
            try {
                Mqtt5PublishResult result = send(topic, payload, expiresAt);
                if (result.getError().isPresent()) {
                    throw result.getError().get();
                }
                record(command, result);
                return;
            } catch (Throwable failure) {
                if (stopping) {
                    throw new IllegalStateException("gateway stopping; command to be redelivered", failure);
                }
                attempt++;
                log.warn(
                        "broker did not accept a command for {} (attempt {}): {}",
                        command.vin(),
                        attempt,
                        failure.toString());
                sleep(Math.min(200L * attempt, 5_000L));
            }
        }
    }

    private Mqtt5PublishResult send(String topic, byte[] payload, @Nullable Instant expiresAt) {
        var builder = mqtt.client()
                .publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload);
        if (expiresAt != null) {
            long seconds = Duration.between(Instant.now(), expiresAt).toSeconds();
            if (seconds > 0) {
                builder = builder.messageExpiryInterval(seconds);
            }
        }
        return builder.send()
                .orTimeout(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .join();
    }

    private void record(VehicleCommand command, Mqtt5PublishResult result) {
        String kind = EventCodec.mapper().valueToTree(command).path("type").asString();
        boolean subscribed = !(result instanceof Mqtt5PublishResult.Mqtt5Qos1Result qos1
                && qos1.getPubAck().getReasonCode() == Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
        if (!subscribed) {
            log.warn("{} command for {} had no subscriber: the vehicle never connected", kind, command.vin());
        }
        Counter.builder("ota.gateway.downlink.commands")
                .description("commands the broker accepted for vehicles, by type")
                .tag("command", kind)
                .tag("subscribed", Boolean.toString(subscribed))
                .register(meters)
                .increment();
    }

    void stop() {
        stopping = true;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        }
    }
}

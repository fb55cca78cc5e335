package dev.ota.gateway.director;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.events.DirectorMetadataAnswered;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.gateway.mqtt.GatewayMqttClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Director to vehicle: publishes a {@link DirectorMetadataAnswered} to {@code ota/v1/{vin}/director} (QoS 1, expiring
 * after {@code answer-expiry}), as the vehicle reads it: the event's JSON, the director's documents unchanged. An
 * answer the broker does not take within 10 s is dropped and counted, not retried: the vehicle asks again.
 */
final class DirectorAnswerPublisher {

    private static final Logger log = LoggerFactory.getLogger(DirectorAnswerPublisher.class);

    private final GatewayMqttClient mqtt;
    private final Duration expiry;
    private final Counter delivered;
    private final Counter dropped;

    DirectorAnswerPublisher(GatewayMqttClient mqtt, Duration expiry, MeterRegistry meters) {
        this.mqtt = mqtt;
        this.expiry = expiry;
        this.delivered = answers(meters, "published");
        this.dropped = answers(meters, "dropped");
    }

    private static Counter answers(MeterRegistry meters, String outcome) {
        return Counter.builder("ota.gateway.director.answers")
                .description("director answers to vehicles, by outcome (published, dropped)")
                .tag("outcome", outcome)
                .register(meters);
    }

    void publish(DirectorMetadataAnswered answer) {
        if (!MqttTopics.isVin(answer.vin())) {
            throw new MalformedEventException("not a VIN, no vehicle topic for it: " + answer.vin());
        }
        try {
            mqtt.client()
                    .publishWith()
                    .topic(MqttTopics.directorAnswer(answer.vin()))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .messageExpiryInterval(expiry.toSeconds())
                    .payload(EventCodec.encode(answer))
                    .send()
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
            delivered.increment();
        } catch (RuntimeException failure) {
            dropped.increment();
            log.warn("director answer for {} not published: {}", answer.vin(), failure.toString());
        }
    }
}

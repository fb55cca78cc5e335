package dev.ota.gateway.director;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperty;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.DirectorMetadataRequested;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.gateway.mqtt.GatewayMqttClient;
import dev.ota.gateway.uplink.VehicleRefusals;
import dev.ota.pki.broker.VehicleAccessExtension;
import dev.ota.platform.messaging.EventRecords;
import dev.ota.platform.messaging.FailureClassifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Vehicle to director: an ask on {@code ota/v1/{vin}/director-request} that passes {@link DirectorAskCheck} and the
 * vehicle's {@link AskAllowance} becomes a {@link DirectorMetadataRequested} on {@code ota.director.requests} (key:
 * the VIN the certificate and the topic agree on). A refused ask is counted by its reason
 * ({@code ota_gateway_director_asks_total{outcome="refused",reason}}) and logged, and gets no answer; it is not
 * dead-lettered, since a vehicle asking in a loop would fill the dead-letter topic instead. Shared subscription
 * ({@code $share/gateway/...}, first MQTT session), handled on a thread of its own; the Kafka send is not waited for:
 * an ask lost on the way is made good by the vehicle's next one.
 */
final class DirectorAskRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DirectorAskRelay.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final DirectorAskCheck check;
    private final AskAllowance allowance;
    private final VehicleRefusals refusals;
    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("director-ask-relay").daemon(true).factory());

    DirectorAskRelay(
            GatewayMqttClient mqtt,
            KafkaTemplate<String, byte[]> kafka,
            DirectorAskCheck check,
            AskAllowance allowance,
            VehicleRefusals refusals,
            MeterRegistry meters) {
        this.kafka = kafka;
        this.check = check;
        this.allowance = allowance;
        this.refusals = refusals;
        this.meters = meters;
        mqtt.receive(MqttTopics.sharedDirectorRequests(), MqttQos.AT_LEAST_ONCE, worker, this::receive);
    }

    /** Handles one ask (package-private for tests). */
    void receive(Mqtt5Publish message) {
        Optional<String> asking =
                MqttTopics.directorRequester(message.getTopic().toString());
        if (asking.isEmpty()) {
            return;
        }
        String vin = asking.get();
        @Nullable String stamped = identity(message);
        byte[] payload = message.getPayloadAsBytes();
        DirectorAskCheck.Verdict verdict = check.check(vin, stamped, payload);
        if (verdict.refusal() == null && !allowance.tryAsk(vin)) {
            verdict = DirectorAskCheck.Verdict.refused(
                    DirectorAskCheck.Refusal.rate, "asked more often than its allowance");
        }
        if (verdict.refusal() != null) {
            count("refused", verdict.refusal().name());
            log.debug("director ask on {} refused: {}", message.getTopic(), verdict.reason());
            refusals.record(
                    stamped,
                    message.getTopic().toString(),
                    "DIRECTOR_ASK_" + verdict.refusal().name().toUpperCase(Locale.ROOT),
                    String.valueOf(verdict.reason()),
                    payload);
            return;
        }
        var ask = new DirectorMetadataRequested(UUID.randomUUID(), Instant.now(), vin, verdict.knownTargetsVersion());
        try {
            kafka.send(EventRecords.of(ask.topic(), vin, EventCodec.encode(ask), ask.type(), ask.eventId()))
                    .whenComplete((sent, failure) -> {
                        if (failure != null) {
                            log.warn("director ask of {} not forwarded: {}", vin, FailureClassifier.describe(failure));
                        }
                    });
        } catch (RuntimeException failure) {
            // the producer refused the ask before sending it; the vehicle asks again
            log.warn("director ask of {} not forwarded: {}", vin, FailureClassifier.describe(failure));
            return;
        }
        count("forwarded", "");
    }

    private void count(String outcome, String reason) {
        counters.computeIfAbsent(
                        outcome + ' ' + reason,
                        key -> Counter.builder("ota.gateway.director.asks")
                                .description(
                                        "vehicles' director asks, by outcome (forwarded, refused) and refusal reason")
                                .tag("outcome", outcome)
                                .tag("reason", reason)
                                .register(meters))
                .increment();
    }

    /** The identity the broker stamped; with several values (there should be one), the last, as the broker adds it. */
    private static @Nullable String identity(Mqtt5Publish publish) {
        String found = null;
        for (Mqtt5UserProperty property : publish.getUserProperties().asList()) {
            if (property.getName().toString().equals(VehicleAccessExtension.IDENTITY_PROPERTY)) {
                found = property.getValue().toString();
            }
        }
        return found;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}

package dev.ota.gateway.renewal;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperty;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.CertificateRenewalEvent;
import dev.ota.contracts.events.VehicleCertificateInUse;
import dev.ota.contracts.events.VehicleCertificateRequested;
import dev.ota.contracts.mqtt.CertificateInUseReport;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.gateway.mqtt.GatewayMqttClient;
import dev.ota.gateway.uplink.VehicleRefusals;
import dev.ota.pki.broker.VehicleAccessExtension;
import dev.ota.platform.messaging.EventRecords;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Vehicle to fleet CA: a CSR on {@code ota/v1/{vin}/csr} that passes {@link RenewalRequestCheck} becomes a
 * {@link VehicleCertificateRequested} on {@code ota.fleet.certificate-requests} (key VIN); one that does not is
 * answered on {@code ota/v1/{vin}/certificate} at once. The broker's {@link CertificateInUseReport}s become
 * {@link VehicleCertificateInUse}. Both subscriptions are shared ({@code $share/gateway/...}, first MQTT session only)
 * and handled on a thread of their own, which waits for Kafka's acknowledgement of each event before it takes the next
 * message. A request lost with a replica that died meanwhile is not redelivered: the vehicle asks again at its next
 * connect (a renewal is not urgent), and a lost in-use report leaves the replaced certificate to the grace period.
 */
final class RenewalRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RenewalRelay.class);
    private static final long KAFKA_TIMEOUT_SECONDS = 30;

    private final GatewayMqttClient mqtt;
    private final KafkaTemplate<String, byte[]> kafka;
    private final VehicleRefusals refusals;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("certificate-renewal-relay").daemon(true).factory());

    RenewalRelay(GatewayMqttClient mqtt, KafkaTemplate<String, byte[]> kafka, VehicleRefusals refusals) {
        this.mqtt = mqtt;
        this.kafka = kafka;
        this.refusals = refusals;
        mqtt.receive(MqttTopics.sharedCertificateRequests(), MqttQos.AT_LEAST_ONCE, worker, this::receive);
        mqtt.receive(CertificateInUseReport.sharedSubscription(), MqttQos.AT_LEAST_ONCE, worker, this::receive);
    }

    /** Handles one message (package-private for tests). */
    void receive(Mqtt5Publish message) {
        String topic = message.getTopic().toString();
        Optional<String> requester = MqttTopics.certificateRequester(topic);
        if (requester.isPresent()) {
            request(requester.get(), message);
        } else if (topic.startsWith(MqttTopics.PREFIX + "broker/")) {
            CertificateInUseReport.parse(message.getPayloadAsBytes())
                    .ifPresentOrElse(
                            report -> send(new VehicleCertificateInUse(
                                    UUID.randomUUID(), Instant.now(), report.vin(), report.serial())),
                            () -> log.warn("not a certificate-in-use report on {}", topic));
        }
    }

    private void request(String vin, Mqtt5Publish message) {
        @Nullable String stamped = identity(message);
        byte[] payload = message.getPayloadAsBytes();
        RenewalRequestCheck.Verdict verdict = RenewalRequestCheck.check(vin, stamped, payload);
        if (verdict.csr() == null) {
            log.warn("certificate renewal for {} refused: {}", vin, verdict.refused());
            refusals.record(
                    stamped,
                    message.getTopic().toString(),
                    "CERTIFICATE_REQUEST_REFUSED",
                    String.valueOf(verdict.refused()),
                    payload);
            answer(RenewalAnswer.refused(vin, String.valueOf(verdict.refused())));
            return;
        }
        send(new VehicleCertificateRequested(UUID.randomUUID(), Instant.now(), vin, verdict.csr()));
    }

    /** Waits for Kafka's acknowledgement: the MQTT message is acknowledged only after this returns. */
    private void send(CertificateRenewalEvent event) {
        try {
            kafka.send(EventRecords.of(
                            event.topic(), event.key(), EventCodec.encode(event), event.type(), event.eventId()))
                    .get(KAFKA_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Kafka did not take " + event.type() + " for " + event.key(), e);
        }
    }

    /** Publishes an answer to the vehicle (QoS 1). */
    void answer(RenewalAnswer answer) {
        mqtt.client()
                .publishWith()
                .topic(MqttTopics.certificateAnswer(answer.vin()))
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(EventCodec.mapper().writeValueAsBytes(answer))
                .send()
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
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

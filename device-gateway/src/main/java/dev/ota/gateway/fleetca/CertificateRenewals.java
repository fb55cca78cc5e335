package dev.ota.gateway.fleetca;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperty;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.gateway.mqtt.GatewayMqttClient;
import dev.ota.pki.FleetCa;
import dev.ota.pki.broker.VehicleAccessExtension;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Renews vehicle certificates over MQTT, without a factory line: a vehicle whose certificate nears its end publishes a
 * CSR (PEM) on {@code ota/v1/{vin}/csr}; the gateway answers on {@code ota/v1/{vin}/certificate} with a
 * {@link RenewalAnswer}. The certificate is issued through {@link VehicleProvisioning#renew}, so a renewal is audited
 * like any issuance.
 *
 * <p>Who may renew what: the broker's extension lets a vehicle publish only on its own request topic and stamps the
 * VIN of the certificate it connected with on every message ({@value VehicleAccessExtension#IDENTITY_PROPERTY}); the
 * gateway requires that stamp, the topic's VIN and the CSR's CN to be the same VIN. A request without the stamp (a
 * broker without the extension) is refused, whatever {@code require-broker-identity} says for reports: a certificate
 * is worth more than a status report. The requests are handled on one thread of their own (issuing signs, syncs the
 * outbox and waits for Kafka), never on the MQTT client's network thread; only the first session subscribes.
 *
 * <p>A vehicle gets at most one certificate per {@code renewal-min-interval} from this replica; a request within it is
 * refused with the time from which the next is allowed (the vehicle keeps its current, still valid certificate).
 */
@Component
class CertificateRenewals implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CertificateRenewals.class);

    /** A CSR is about 0.5 KB; anything much larger is not one. */
    static final int MAX_REQUEST_BYTES = 16 * 1024;

    /**
     * The gateway's answer on {@code ota/v1/{vin}/certificate}: the new certificate and the CA certificate (PEM), or
     * why there is none; {@code audited} as for the REST call.
     */
    record RenewalAnswer(
            String vin,
            @Nullable String serial,
            @Nullable String certificate,
            @Nullable String caCertificate,
            @Nullable String refused,
            boolean audited) {

        static RenewalAnswer refused(String vin, String reason) {
            return new RenewalAnswer(vin, null, null, null, reason, true);
        }
    }

    /** Above this many remembered renewals, those whose interval has passed are forgotten. */
    private static final int REMEMBERED_BEFORE_PRUNING = 10_000;

    private final GatewayMqttClient mqtt;
    private final VehicleProvisioning provisioning;
    private final Duration minInterval;
    private final Clock clock;
    private final Map<String, Instant> lastRenewal = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("fleet-ca-renewal").daemon(true).factory());

    @Autowired
    CertificateRenewals(GatewayMqttClient mqtt, VehicleProvisioning provisioning, FleetCaProperties properties) {
        this(mqtt, provisioning, properties.renewalMinInterval(), Clock.systemUTC());
    }

    CertificateRenewals(GatewayMqttClient mqtt, VehicleProvisioning provisioning, Duration minInterval, Clock clock) {
        this.mqtt = mqtt;
        this.provisioning = provisioning;
        this.minInterval = minInterval;
        this.clock = clock;
        Mqtt5AsyncClient first = mqtt.client();
        mqtt.onConnected(session -> {
            if (session == first) {
                subscribe(session);
            }
        });
    }

    private void subscribe(Mqtt5AsyncClient session) {
        session.subscribeWith()
                .topicFilter(MqttTopics.sharedCertificateRequests())
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(this::receive)
                .executor(worker)
                .send()
                .whenComplete((ack, failure) -> {
                    if (failure != null) {
                        log.error("could not subscribe to certificate requests", failure);
                    }
                });
    }

    /** Handles one request and publishes the answer (package-private for tests). */
    void receive(Mqtt5Publish request) {
        Optional<String> topicVin =
                MqttTopics.certificateRequester(request.getTopic().toString());
        if (topicVin.isEmpty()) {
            return;
        }
        String vin = topicVin.get();
        RenewalAnswer answer = answer(vin, identity(request), request.getPayloadAsBytes());
        if (answer.refused() != null) {
            log.warn("certificate renewal for {} refused: {}", vin, answer.refused());
        }
        mqtt.client()
                .publishWith()
                .topic(MqttTopics.certificateAnswer(vin))
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(EventCodec.mapper().writeValueAsBytes(answer))
                .send()
                .whenComplete((result, failure) -> {
                    if (failure != null) {
                        log.warn("could not answer {}'s certificate request: {}", vin, failure.toString());
                    }
                });
    }

    private RenewalAnswer answer(String vin, @Nullable String identity, byte[] payload) {
        if (identity == null) {
            return RenewalAnswer.refused(vin, "no broker identity stamp: renewal needs the broker's access extension");
        }
        if (!identity.equals(vin)) {
            return RenewalAnswer.refused(
                    vin, "the connection's certificate is " + identity + "'s, not the requesting vehicle's");
        }
        if (payload.length > MAX_REQUEST_BYTES) {
            return RenewalAnswer.refused(vin, "a certificate request is at most " + MAX_REQUEST_BYTES + " bytes");
        }
        Instant now = clock.instant();
        Instant last = lastRenewal.get(vin);
        if (last != null && now.isBefore(last.plus(minInterval))) {
            return RenewalAnswer.refused(
                    vin, "renewed at " + last + "; the next renewal is allowed from " + last.plus(minInterval));
        }
        VehicleProvisioning.Batch batch = provisioning.renew(vin, new String(payload, StandardCharsets.US_ASCII));
        VehicleProvisioning.Outcome outcome = batch.outcomes().getFirst();
        X509Certificate certificate = outcome.certificate();
        if (certificate == null) {
            return RenewalAnswer.refused(vin, String.valueOf(outcome.refused()));
        }
        remember(vin, now);
        return new RenewalAnswer(
                vin,
                certificate.getSerialNumber().toString(16),
                FleetCa.pem(certificate),
                FleetCa.pem(provisioning.caCertificate()),
                null,
                batch.audited());
    }

    private void remember(String vin, Instant renewed) {
        lastRenewal.put(vin, renewed);
        if (lastRenewal.size() > REMEMBERED_BEFORE_PRUNING) {
            Instant forgettable = renewed.minus(minInterval);
            lastRenewal.values().removeIf(at -> at.isBefore(forgettable));
        }
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

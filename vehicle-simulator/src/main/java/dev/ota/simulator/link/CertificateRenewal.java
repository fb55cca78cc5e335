package dev.ota.simulator.link;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.pki.FleetCa;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A vehicle renewing its own certificate over MQTT, without a factory line: once less than {@code renewBelow} of its
 * certificate's validity remains, it makes a new key pair, publishes a CSR on {@code ota/v1/{vin}/csr} over the
 * connection its current certificate opened (the broker stamps that certificate's VIN on it, which the gateway checks),
 * and hands the certificate the gateway answers on {@code ota/v1/{vin}/certificate} to the link, which reconnects with
 * it. The check runs after every connect and, while connected, again when the renewal falls due. A refused or lost
 * request is asked again at the next connect.
 */
final class CertificateRenewal {

    private static final Logger log = LoggerFactory.getLogger(CertificateRenewal.class);

    /** One thread for all vehicles: a check is a comparison and, rarely, a key pair and a publish. */
    private static final ScheduledExecutorService CHECKS = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("certificate-renewal").daemon(true).factory());

    private final String vin;
    private final double renewBelow;
    private final Supplier<@Nullable Mqtt5AsyncClient> connection;
    private final Consumer<VehicleIdentity> renewed;
    private volatile VehicleIdentity identity;
    private volatile @Nullable KeyPair asking;
    private @Nullable ScheduledFuture<?> check;

    CertificateRenewal(
            String vin,
            VehicleIdentity identity,
            double renewBelow,
            Supplier<@Nullable Mqtt5AsyncClient> connection,
            Consumer<VehicleIdentity> renewed) {
        this.vin = vin;
        this.identity = identity;
        this.renewBelow = renewBelow;
        this.connection = connection;
        this.renewed = renewed;
    }

    /** When a certificate falls due: {@code renewBelow} of its validity before its not-after. */
    static Instant dueAt(X509Certificate certificate, double renewBelow) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        long validity = Duration.between(notBefore, notAfter).toMillis();
        return notAfter.minusMillis((long) (validity * renewBelow));
    }

    /** After each connect: asks now when due, otherwise looks again when it will be. */
    synchronized void connected() {
        if (check != null) {
            check.cancel(false);
        }
        long wait = Math.max(
                0,
                Duration.between(Instant.now(), dueAt(identity.certificate(), renewBelow))
                        .toMillis());
        check = CHECKS.schedule(this::askIfDue, wait, TimeUnit.MILLISECONDS);
    }

    boolean isAnswer(String topic) {
        return topic.equals(MqttTopics.certificateAnswer(vin));
    }

    private void askIfDue() {
        Mqtt5AsyncClient client = connection.get();
        if (client == null
                || !client.getState().isConnected()
                || Instant.now().isBefore(dueAt(identity.certificate(), renewBelow))) {
            return;
        }
        KeyPair keys = FleetCa.generateKeyPair();
        asking = keys;
        String csr = FleetCa.pem(FleetCa.request(keys, "CN=" + vin));
        client.subscribeWith()
                .topicFilter(MqttTopics.certificateAnswer(vin))
                .qos(MqttQos.AT_LEAST_ONCE)
                .send()
                .thenCompose(ack -> client.publishWith()
                        .topic(MqttTopics.certificateRequest(vin))
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload(csr.getBytes(StandardCharsets.US_ASCII))
                        .send())
                .whenComplete((result, failure) -> {
                    if (failure != null) {
                        log.warn("{} could not ask for a new certificate: {}", vin, failure.toString());
                    } else {
                        log.info(
                                "{} asked for a new certificate (the current one ends {})",
                                vin,
                                identity.certificate().getNotAfter().toInstant());
                    }
                });
    }

    /** The gateway's answer: a certificate for the key pair asked with becomes the vehicle's identity. */
    void answered(byte[] payload) {
        KeyPair keys = asking;
        if (keys == null) {
            return;
        }
        try {
            JsonNode answer = EventCodec.mapper().readTree(payload);
            if (!answer.path("certificate").isString()) {
                log.warn(
                        "{} was refused a new certificate: {}",
                        vin,
                        answer.path("refused").asString("no reason"));
                asking = null;
                return;
            }
            X509Certificate certificate = certificate(answer.path("certificate").asString());
            if (!certificate.getPublicKey().equals(keys.getPublic())) {
                log.warn("{} got a certificate for another key; ignored", vin);
                return;
            }
            asking = null;
            identity = new VehicleIdentity(
                    keys, certificate, certificate(answer.path("caCertificate").asString()));
            log.info(
                    "{} renewed its certificate: serial {}, until {}",
                    vin,
                    certificate.getSerialNumber().toString(16),
                    certificate.getNotAfter().toInstant());
            renewed.accept(identity);
        } catch (JacksonException | CertificateException e) {
            log.warn("{} could not read the certificate answer: {}", vin, e.toString());
        }
    }

    private static X509Certificate certificate(String pem) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}

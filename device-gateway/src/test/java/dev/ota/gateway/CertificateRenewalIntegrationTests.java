package dev.ota.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.VehicleCertificateIssued;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.pki.FleetCa;
import dev.ota.pki.broker.VehicleAccessExtension;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.RealInfrastructure;
import dev.ota.testsupport.WithRealInfrastructure;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

/**
 * Certificate renewal over MQTT against the running gateway and the real broker. The test's broker has no access
 * extension, so the test client sets the identity stamp itself, as the extension would (BrokerSecurityIntegrationTests
 * checks the extension lets a vehicle use only its own renewal topics and stamps its VIN).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ota.gateway.fleet-ca.audit-retry-interval=PT1S")
@WithRealInfrastructure(database = "gateway")
class CertificateRenewalIntegrationTests {

    @Autowired
    FleetCa ca;

    @Test
    void aVehicleRenewsItsCertificateOverMqttAndTheRenewalIsAuditedAsAskedForByTheVehicle() throws Exception {
        String vin = TestVehicle.randomVin();
        KeyPair keys = FleetCa.generateKeyPair();

        JsonNode answer = ask(vin, csr(keys, vin), vin);

        assertThat(answer.path("refused").isNull()).as(answer.toString()).isTrue();
        X509Certificate certificate = certificate(answer.path("certificate").asString());
        certificate.verify(ca.certificate().getPublicKey());
        assertThat(FleetCa.commonName(certificate)).contains(vin);
        assertThat(certificate.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(answer.path("serial").asString())
                .isEqualTo(certificate.getSerialNumber().toString(16));
        assertThat(answer.path("audited").asBoolean()).isTrue();
        assertThat(ca.serialsIssuedTo(vin)).containsExactly(certificate.getSerialNumber());
        ConsumerRecord<String, byte[]> record = KafkaTestClient.await(
                Topics.FLEET_CERTIFICATES,
                r -> vin.equals(r.key())
                        && KafkaTestClient.header(r, Headers.EVENT_TYPE)
                                .filter("ota.VehicleCertificateIssued.v1"::equals)
                                .isPresent(),
                Duration.ofSeconds(30));
        VehicleCertificateIssued event = EventCodec.decode(record.value(), VehicleCertificateIssued.class);
        assertThat(event.serial()).isEqualTo(certificate.getSerialNumber().toString(16));
        assertThat(event.issuedBy()).isEqualTo("vehicle:" + vin);
    }

    @Test
    void noCertificateForAnotherVehicleAnotherConnectionOrAnUnstampedRequest() throws Exception {
        String vin = TestVehicle.randomVin();
        String other = TestVehicle.randomVin();

        assertThat(ask(vin, csr(FleetCa.generateKeyPair(), other), vin)
                        .path("refused")
                        .asString())
                .contains("CN " + other);
        assertThat(ask(vin, csr(FleetCa.generateKeyPair(), vin), other)
                        .path("refused")
                        .asString())
                .contains(other + "'s");
        assertThat(ask(vin, csr(FleetCa.generateKeyPair(), vin), null)
                        .path("refused")
                        .asString())
                .contains("identity stamp");
        assertThat(ask(vin, "not a CSR", vin).path("refused").asString()).contains("PEM certificate request");
        assertThat(ca.serialsIssuedTo(vin)).isEmpty();
        assertThat(ca.serialsIssuedTo(other)).isEmpty();
    }

    @Test
    void aSecondRenewalWithinTheMinimumIntervalIsRefusedAndIssuesNothing() throws Exception {
        String vin = TestVehicle.randomVin();
        JsonNode first = ask(vin, csr(FleetCa.generateKeyPair(), vin), vin);
        assertThat(first.path("refused").isNull()).as(first.toString()).isTrue();

        JsonNode second = ask(vin, csr(FleetCa.generateKeyPair(), vin), vin);

        assertThat(second.path("refused").asString()).contains("the next renewal is allowed from");
        assertThat(second.path("certificate").isNull()).isTrue();
        assertThat(ca.serialsIssuedTo(vin))
                .containsExactly(new BigInteger(first.path("serial").asString(), 16));
    }

    /** Publishes a request on the vehicle's topic, stamped with {@code identity}, and waits for the gateway's answer. */
    private static JsonNode ask(String vin, String csr, @Nullable String identity) throws Exception {
        Mqtt5BlockingClient vehicle = Mqtt5Client.builder()
                .identifier("renewal-test-" + UUID.randomUUID())
                .serverHost(RealInfrastructure.get().mqttHost())
                .serverPort(RealInfrastructure.get().mqttPort())
                .buildBlocking();
        vehicle.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes answers = vehicle.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            vehicle.subscribeWith()
                    .topicFilter(MqttTopics.certificateAnswer(vin))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            var request = vehicle.publishWith()
                    .topic(MqttTopics.certificateRequest(vin))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(csr.getBytes(StandardCharsets.US_ASCII));
            if (identity != null) {
                request = request.userProperties()
                        .add(VehicleAccessExtension.IDENTITY_PROPERTY, identity)
                        .applyUserProperties();
            }
            request.send();
            Mqtt5Publish answer = answers.receive(30, TimeUnit.SECONDS).orElseThrow();
            return EventCodec.mapper().readTree(answer.getPayloadAsBytes());
        } finally {
            vehicle.disconnect();
        }
    }

    private static String csr(KeyPair keys, String vin) {
        return FleetCa.pem(FleetCa.request(keys, "CN=" + vin));
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}

package dev.ota.signing.fleetca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.VehicleCertificateAnswered;
import dev.ota.contracts.events.VehicleCertificateInUse;
import dev.ota.contracts.events.VehicleCertificateIssued;
import dev.ota.contracts.events.VehicleCertificateRequested;
import dev.ota.contracts.events.VehicleCertificateRevoked;
import dev.ota.pki.FleetCa;
import dev.ota.signing.SigningServiceIntegrationTest;
import dev.ota.signing.fleetca.persistence.CertificateRecords;
import dev.ota.testsupport.KafkaTestClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Renewal over Kafka as the gateway drives it: requests on {@code ota.fleet.certificate-requests}, answers on
 * {@code ota.fleet.certificate-answers}; the limit in PostgreSQL, the replaced certificate revoked once the new one is
 * in use or when the grace is over.
 */
class CertificateRenewalIntegrationTests extends SigningServiceIntegrationTest {

    @Autowired
    VehicleProvisioning provisioning;

    @Autowired
    CertificateRecords certificates;

    @Autowired
    ReplacedCertificates replaced;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ConfigurableEnvironment environment;

    @Autowired
    FleetCa ca;

    @Test
    void aVehicleRenewsItsCertificateAndASecondRequestWithinTheIntervalIsRefusedWithTheNextAllowedTime()
            throws Exception {
        String vin = randomVin();
        String first = provision(vin);

        VehicleCertificateRequested request = request(vin, vin);
        KafkaTestClient.send(request);
        VehicleCertificateAnswered answer = answerTo(request);

        assertThat(answer.refused()).isNull();
        X509Certificate renewed = certificate(answer.certificate());
        renewed.verify(certificate(answer.caCertificate()).getPublicKey());
        assertThat(renewed.getSubjectX500Principal().getName()).isEqualTo("CN=" + vin);
        assertThat(answer.serial())
                .isEqualTo(renewed.getSerialNumber().toString(16))
                .isNotEqualTo(first);
        VehicleCertificateIssued issued = KafkaTestClient.eventOf(
                        KafkaTestClient.await(
                                Topics.FLEET_CERTIFICATES,
                                r -> vin.equals(r.key())
                                        && EventCodec.decode(r.value())
                                                .filter(e -> e instanceof VehicleCertificateIssued i
                                                        && i.serial().equals(answer.serial()))
                                                .isPresent(),
                                Duration.ofSeconds(30)),
                        VehicleCertificateIssued.class)
                .orElseThrow();
        assertThat(issued.issuedBy()).isEqualTo("vehicle:" + vin);

        VehicleCertificateRequested again = request(vin, vin);
        KafkaTestClient.send(again);
        VehicleCertificateAnswered refused = answerTo(again);

        assertThat(refused.certificate()).isNull();
        assertThat(refused.refused()).contains("next renewal is allowed from");
        assertThat(refused.retryAfter())
                .isBetween(
                        issued.occurredAt().plus(Duration.ofMinutes(59)),
                        issued.occurredAt().plus(Duration.ofMinutes(61)));
        assertThat(certificates.serialsOf(vin)).hasSize(2);
    }

    @Test
    void theRenewalLimitHoldsForAnotherInstanceOnTheSameDatabaseAsForThisOneAfterARestart() {
        String vin = randomVin();
        provision(vin);
        VehicleCertificateRequested request = request(vin, vin);
        KafkaTestClient.send(request);
        assertThat(answerTo(request).refused()).isNull();

        try (ConfigurableApplicationContext other = SecondInstance.start(environment)) {
            CertificateRenewals renewals = other.getBean(CertificateRenewals.class);
            VehicleCertificateAnswered answer =
                    other.getBean(TransactionTemplate.class).execute(status -> renewals.renew(request(vin, vin)));

            assertThat(answer).isNotNull();
            assertThat(answer.certificate()).isNull();
            assertThat(answer.refused()).contains("next renewal is allowed from");
            assertThat(other.getBean(CertificateRecords.class).serialsOf(vin)).hasSize(2);
            assertThat(other.getBean(FleetCa.class).certificate()).isEqualTo(ca.certificate());
        }
    }

    @Test
    void aCsrNamingAnotherVehicleIsRefused() {
        String vin = randomVin();
        String other = randomVin();

        VehicleCertificateRequested request = request(vin, other);
        KafkaTestClient.send(request);
        VehicleCertificateAnswered answer = answerTo(request);

        assertThat(answer.certificate()).isNull();
        assertThat(answer.refused()).contains("not the requesting vehicle");
        assertThat(certificates.serialsOf(other)).isEmpty();
        assertThat(certificates.serialsOf(vin)).isEmpty();
    }

    @Test
    void theReplacedCertificateIsRevokedOnceTheVehicleConnectedWithTheNewOneAndNotBefore() {
        String vin = randomVin();
        String old = provision(vin);
        VehicleCertificateRequested request = request(vin, vin);
        KafkaTestClient.send(request);
        String renewed = answerTo(request).serial();

        KafkaTestClient.send(new VehicleCertificateInUse(UUID.randomUUID(), Instant.now(), vin, old));
        VehicleCertificateInUse seen = new VehicleCertificateInUse(UUID.randomUUID(), Instant.now(), vin, renewed);
        KafkaTestClient.send(seen);

        await().atMost(Duration.ofSeconds(30)).until(() -> certificates.isRevoked(old));
        assertThat(certificates.isRevoked(renewed)).isFalse();
        VehicleCertificateRevoked event = KafkaTestClient.eventOf(
                        KafkaTestClient.await(
                                Topics.FLEET_CERTIFICATES,
                                r -> vin.equals(r.key())
                                        && r.value().length > 0
                                        && EventCodec.decode(r.value())
                                                .filter(e -> e instanceof VehicleCertificateRevoked)
                                                .isPresent(),
                                Duration.ofSeconds(30)),
                        VehicleCertificateRevoked.class)
                .orElseThrow();
        assertThat(event.serials()).containsExactly(old);
        assertThat(event.reason()).contains("replaced by renewal " + renewed);
    }

    @Test
    void theReplacedCertificateIsRevokedWhenTheGraceIsOverThoughTheNewOneWasNeverSeen() {
        String vin = randomVin();
        String old = provision(vin);
        VehicleCertificateRequested request = request(vin, vin);
        KafkaTestClient.send(request);
        String renewed = answerTo(request).serial();
        replaced.revokeDue();
        assertThat(certificates.isRevoked(old)).isFalse();

        jdbc.sql("update fleet_renewal set replace_by = :past where vin = :vin")
                .param("past", Timestamp.from(Instant.now().minusSeconds(1)))
                .param("vin", vin)
                .update();
        replaced.revokeDue();

        assertThat(certificates.isRevoked(old)).isTrue();
        assertThat(certificates.isRevoked(renewed)).isFalse();
    }

    private String provision(String vin) {
        return provisioning
                .issue(List.of(FleetCa.pem(FleetCa.request(FleetCa.generateKeyPair(), "CN=" + vin))), "factory")
                .getFirst()
                .serial();
    }

    private static VehicleCertificateRequested request(String vin, String cn) {
        return new VehicleCertificateRequested(
                UUID.randomUUID(),
                Instant.now(),
                vin,
                FleetCa.pem(FleetCa.request(FleetCa.generateKeyPair(), "CN=" + cn)));
    }

    private static VehicleCertificateAnswered answerTo(VehicleCertificateRequested request) {
        return KafkaTestClient.eventOf(
                        KafkaTestClient.await(
                                Topics.FLEET_CERTIFICATE_ANSWERS,
                                r -> request.vin().equals(r.key())
                                        && EventCodec.decode(r.value())
                                                .filter(e -> e instanceof VehicleCertificateAnswered a
                                                        && a.requestId().equals(request.eventId()))
                                                .isPresent(),
                                Duration.ofSeconds(30)),
                        VehicleCertificateAnswered.class)
                .orElseThrow();
    }

    static String randomVin() {
        return "WVW"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 14).toUpperCase();
    }

    static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}

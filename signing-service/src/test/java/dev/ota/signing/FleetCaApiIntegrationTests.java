package dev.ota.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.VehicleCertificateIssued;
import dev.ota.contracts.events.VehicleCertificateRevoked;
import dev.ota.pki.FleetCa;
import dev.ota.pki.broker.FetchedRevocationList;
import dev.ota.signing.fleetca.CertificateRevocations;
import dev.ota.signing.fleetca.persistence.CertificateRecords;
import dev.ota.signing.fleetca.persistence.IssuedCertificate;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.TestTokens;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The fleet CA's REST API over real HTTP with real tokens, its record in PostgreSQL, its events through the outbox. */
class FleetCaApiIntegrationTests extends SigningServiceIntegrationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ISSUED = "ota.VehicleCertificateIssued.v1";
    private static final String REVOKED = "ota.VehicleCertificateRevoked.v1";

    @Autowired
    CertificateRecords records;

    @Autowired
    CertificateRevocations revocations;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    record Reply(int status, JsonNode body) {}

    @Test
    void aProvisionerGetsAVehicleCertificateChainedToTheFleetCaRecordedWithWhoAskedAndABadCsrIsAnsweredWithItsReason()
            throws Exception {
        String vin = randomVin();
        KeyPair keys = FleetCa.generateKeyPair();

        Reply reply = post(
                "/certificates",
                Map.of("csrs", List.of(csr(keys, "CN=" + vin), csr(FleetCa.generateKeyPair(), "CN=not-a-vin"))),
                "VEHICLE_PROVISIONER");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode issued = reply.body().path("certificates").get(0);
        X509Certificate certificate = certificate(issued.path("certificate").asString());
        X509Certificate caCertificate =
                certificate(reply.body().path("caCertificate").asString());
        certificate.verify(caCertificate.getPublicKey());
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=" + vin);
        assertThat(certificate.getPublicKey()).isEqualTo(keys.getPublic());
        String serial = certificate.getSerialNumber().toString(16);
        assertThat(issued.path("serial").asString()).isEqualTo(serial);
        IssuedCertificate recorded = records.find(serial).orElseThrow();
        assertThat(recorded.vin()).isEqualTo(vin);
        assertThat(recorded.notAfter()).isEqualTo(certificate.getNotAfter().toInstant());
        assertThat(recorded.issuedBy()).isEqualTo("tester");
        JsonNode refused = reply.body().path("certificates").get(1);
        assertThat(refused.path("certificate").isNull()).isTrue();
        assertThat(refused.path("refused").asString()).contains("VIN");
    }

    @Test
    void eachCertificateOfABatchIsAuditedUnderItsVehicleWithSerialNotAfterAndWhoAsked() throws Exception {
        String first = randomVin();
        String second = randomVin();

        Reply reply = post(
                "/certificates",
                Map.of(
                        "csrs",
                        List.of(
                                csr(FleetCa.generateKeyPair(), "CN=" + first),
                                csr(FleetCa.generateKeyPair(), "CN=not-a-vin"),
                                csr(FleetCa.generateKeyPair(), "CN=" + second))),
                "VEHICLE_PROVISIONER");

        assertThat(reply.status()).isEqualTo(200);
        for (int i : List.of(0, 2)) {
            JsonNode answer = reply.body().path("certificates").get(i);
            X509Certificate certificate = certificate(answer.path("certificate").asString());
            VehicleCertificateIssued event = issuanceOf(answer.path("vin").asString());
            assertThat(event.serial()).isEqualTo(answer.path("serial").asString());
            assertThat(event.notAfter()).isEqualTo(certificate.getNotAfter().toInstant());
            assertThat(event.issuedBy()).isEqualTo("tester");
        }
        assertThat(reply.body().path("certificates").get(2).path("vin").asString())
                .isEqualTo(second);
    }

    @Test
    void onlyProvisionersAndAdminsMayIssueOnlyAdminsAndFleetOpsRevokeAndTheCrlNeedsNoToken() {
        Map<String, List<String>> body = Map.of("csrs", List.of(csr(FleetCa.generateKeyPair(), "CN=" + randomVin())));

        assertThat(post("/certificates", body, "FLEET_OPS").status()).isEqualTo(403);
        assertThat(post("/certificates", body, "RELEASE_ENGINEER").status()).isEqualTo(403);
        assertThat(post("/certificates", body, "CI_PIPELINE").status()).isEqualTo(403);
        assertThat(post("/certificates", body, null).status()).isEqualTo(401);
        assertThat(post("/certificates", body, "ADMIN").status()).isEqualTo(200);
        String vin = randomVin();
        issue(vin);
        assertThat(post("/vehicles/" + vin + "/revocation", Map.of(), "VEHICLE_PROVISIONER")
                        .status())
                .isEqualTo(403);
        assertThat(post("/vehicles/" + vin + "/revocation", Map.of(), "RELEASE_ENGINEER")
                        .status())
                .isEqualTo(403);
        assertThat(post("/vehicles/" + vin + "/revocation", Map.of(), null).status())
                .isEqualTo(401);
        assertThat(records.isRevoked(records.serialsOf(vin).getFirst())).isFalse();
        assertThat(getText("/api/v1/fleet-ca/crl").status()).isEqualTo(200);
        assertThat(getText("/api/v1/fleet-ca/ca-certificate").status()).isEqualTo(200);
    }

    @Test
    void revokingAVehicleRevokesExactlyItsSerialsAndTheSignedCrlListsThemAtOnce() throws Exception {
        String vin = randomVin();
        String other = randomVin();
        String first = issue(vin);
        String otherSerial = issue(other);
        String second = issue(vin);

        Reply revoked = post("/vehicles/" + vin + "/revocation", Map.of("reason", "vehicle stolen"), "FLEET_OPS");

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body().path("serials").valueStream().map(JsonNode::asString))
                .containsExactlyInAnyOrder(first, second);
        X509CRL crl = crl();
        assertThat(crl.getRevokedCertificate(new BigInteger(first, 16))).isNotNull();
        assertThat(crl.getRevokedCertificate(new BigInteger(second, 16))).isNotNull();
        assertThat(crl.getRevokedCertificate(new BigInteger(otherSerial, 16))).isNull();
        assertThat(records.isRevoked(otherSerial)).isFalse();
        VehicleCertificateRevoked event = revocationOf(vin);
        assertThat(event.serials()).containsExactlyInAnyOrder(first, second);
        var listed = get(
                "/api/v1/fleet-ca/vehicles/" + vin + "/certificates", TestTokens.authorization("olga", "FLEET_OPS"));
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(listed.body())
                        .valueStream()
                        .map(c -> c.path("serial").asString()))
                .containsExactly(first, second);
        assertThat(JSON.readTree(listed.body())
                        .valueStream()
                        .allMatch(c -> !c.path("revokedAt").isNull()))
                .isTrue();
        assertThat(event.reason()).isEqualTo("vehicle stolen");
        assertThat(event.revokedBy()).isEqualTo("tester");
        assertThat(post("/vehicles/" + randomVin() + "/revocation", Map.of(), "ADMIN")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aSerialIsRevokedOnItsOwnAndAuditedWithItsVehicle() throws Exception {
        String vin = randomVin();
        String kept = issue(vin);
        String serial = issue(vin);

        Reply bySerial = post("/certificates/" + serial.toUpperCase() + "/revocation", Map.of(), "ADMIN");

        assertThat(bySerial.status()).isEqualTo(200);
        assertThat(bySerial.body().path("vin").asString()).isEqualTo(vin);
        assertThat(revocationOf(vin).serials()).containsExactly(serial);
        assertThat(crl().getRevokedCertificate(new BigInteger(serial, 16))).isNotNull();
        assertThat(crl().getRevokedCertificate(new BigInteger(kept, 16))).isNull();
    }

    @Test
    void aRevocationAndItsAuditEventCommitTogetherOrNotAtAll() {
        String vin = randomVin();
        String serial = issue(vin);

        transactions.executeWithoutResult(status -> {
            revocations.revokeVehicle(vin, "tester", "rolled back");
            assertThat(records.isRevoked(serial)).isTrue();
            assertThat(revocationEventsInOutbox(vin)).isEqualTo(1);
            status.setRollbackOnly();
        });

        assertThat(records.isRevoked(serial)).isFalse();
        assertThat(revocationEventsInOutbox(vin)).isZero();
        assertThat(KafkaTestClient.readAll(Topics.FLEET_CERTIFICATES))
                .noneMatch(r -> vin.equals(r.key()) && is(r, REVOKED));
    }

    @Test
    void theCrlIsSignedByTheFleetCaAndValidForADayFromNow() throws Exception {
        X509CRL crl = crl();

        crl.verify(
                certificate(getText("/api/v1/fleet-ca/ca-certificate").text()).getPublicKey());
        assertThat(crl.getNextUpdate().toInstant())
                .isCloseTo(
                        Instant.now().plus(Duration.ofDays(1)),
                        new org.assertj.core.data.TemporalUnitWithinOffset(13, ChronoUnit.HOURS));
    }

    @Test
    void aRevocationIsHeldByEveryLiveBrokerNodeWhenTheRevokingCallAnswersAndAnUnchangedCrlCostsA304() throws Exception {
        String vin = randomVin();
        X509Certificate vehicle = certificate(post(
                        "/certificates",
                        Map.of("csrs", List.of(csr(FleetCa.generateKeyPair(), "CN=" + vin))),
                        "VEHICLE_PROVISIONER")
                .body()
                .path("certificates")
                .get(0)
                .path("certificate")
                .asString());
        X509Certificate caCertificate =
                certificate(getText("/api/v1/fleet-ca/ca-certificate").text());
        String node = "test-broker-" + UUID.randomUUID();
        try (FetchedRevocationList broker = new FetchedRevocationList(
                        uri("/api/v1/fleet-ca/crl"), caCertificate, null, node)
                .start(Duration.ofSeconds(1))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.thisUpdate() != null);

            long start = System.nanoTime();
            Reply revoked = post("/vehicles/" + vin + "/revocation", Map.of(), "FLEET_OPS");

            assertThat(broker.isRevoked(vehicle))
                    .as("the broker's view when the call answered")
                    .isTrue();
            assertThat(revoked.status()).isEqualTo(200);
            assertThat(revoked.body().path("brokers").asInt())
                    .isEqualTo(revoked.body().path("brokersLive").asInt());
            assertThat(revoked.body().path("brokersLive").asInt()).isGreaterThanOrEqualTo(1);
            System.out.printf(
                    "revoking call answered %d ms after it was made, the broker node holding the revocation%n",
                    (System.nanoTime() - start) / 1_000_000);
        } finally {
            jdbc.sql("delete from fleet_crl_reader where broker_id = :id")
                    .param("id", node)
                    .update();
        }
        var first = get("/api/v1/fleet-ca/crl", null);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        var again = http.send(
                java.net.http.HttpRequest.newBuilder(uri("/api/v1/fleet-ca/crl"))
                        .header("If-None-Match", etag)
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
    }

    @Test
    void aBrokerNodeThatStoppedFetchingIsReportedNotToHoldTheRevocation() {
        String vin = randomVin();
        issue(vin);
        String node = "silent-broker-" + UUID.randomUUID();
        fetchAs("/api/v1/fleet-ca/crl", node);
        try {
            Reply revoked = post("/vehicles/" + vin + "/revocation", Map.of(), "FLEET_OPS");

            assertThat(revoked.status()).isEqualTo(202);
            assertThat(revoked.body().path("brokers").asInt())
                    .isLessThan(revoked.body().path("brokersLive").asInt());
            assertThat(records.isRevoked(records.serialsOf(vin).getFirst())).isTrue();
        } finally {
            jdbc.sql("delete from fleet_crl_reader where broker_id = :id")
                    .param("id", node)
                    .update();
        }
    }

    /** Fetches the CRL as a broker node does, and confirms it holds it by asking again with its entity tag. */
    private void fetchAs(String path, String brokerId) {
        try {
            String etag = http.send(
                            java.net.http.HttpRequest.newBuilder(uri(path))
                                    .header(FetchedRevocationList.BROKER_HEADER, brokerId)
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .headers()
                    .firstValue("ETag")
                    .orElseThrow();
            http.send(
                    java.net.http.HttpRequest.newBuilder(uri(path))
                            .header(FetchedRevocationList.BROKER_HEADER, brokerId)
                            .header("If-None-Match", etag)
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long revocationEventsInOutbox(String vin) {
        return jdbc.sql("select count(*) from outbox_event where record_key = :vin and event_type = :type")
                .param("vin", vin)
                .param("type", REVOKED)
                .query(Long.class)
                .single();
    }

    record Text(int status, String text) {}

    Text getText(String path) {
        try {
            var response = get(path, null);
            return new Text(response.statusCode(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    X509CRL crl() throws Exception {
        Text text = getText("/api/v1/fleet-ca/crl");
        assertThat(text.status()).isEqualTo(200);
        return (X509CRL) CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(text.text().getBytes(StandardCharsets.US_ASCII)));
    }

    String issue(String vin) {
        return post(
                        "/certificates",
                        Map.of("csrs", List.of(csr(FleetCa.generateKeyPair(), "CN=" + vin))),
                        "VEHICLE_PROVISIONER")
                .body()
                .path("certificates")
                .get(0)
                .path("serial")
                .asString();
    }

    static VehicleCertificateRevoked revocationOf(String vin) {
        ConsumerRecord<String, byte[]> record = KafkaTestClient.await(
                Topics.FLEET_CERTIFICATES, r -> vin.equals(r.key()) && is(r, REVOKED), Duration.ofSeconds(30));
        return EventCodec.decode(record.value(), VehicleCertificateRevoked.class);
    }

    static VehicleCertificateIssued issuanceOf(String vin) {
        ConsumerRecord<String, byte[]> record = KafkaTestClient.await(
                Topics.FLEET_CERTIFICATES, r -> vin.equals(r.key()) && is(r, ISSUED), Duration.ofSeconds(30));
        return EventCodec.decode(record.value(), VehicleCertificateIssued.class);
    }

    static boolean is(ConsumerRecord<String, byte[]> record, String type) {
        return KafkaTestClient.header(record, Headers.EVENT_TYPE)
                .filter(type::equals)
                .isPresent();
    }

    Reply post(String path, Object body, @Nullable String role) {
        try {
            var response = send(
                    "POST",
                    "/api/v1/fleet-ca" + path,
                    role == null ? null : TestTokens.authorization("tester", role),
                    JSON.writeValueAsString(body));
            String text = response.body();
            return new Reply(response.statusCode(), text.isBlank() ? JSON.nullNode() : JSON.readTree(text));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String randomVin() {
        return "WVW"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 14).toUpperCase();
    }

    static String csr(KeyPair keys, String subject) {
        return FleetCa.pem(FleetCa.request(keys, subject));
    }

    static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}

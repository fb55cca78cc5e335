package dev.ota.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.VehicleCertificateIssued;
import dev.ota.contracts.events.VehicleCertificateRevoked;
import dev.ota.pki.FleetCa;
import dev.ota.pki.RevocationListFile;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.TestTokens;
import dev.ota.testsupport.WithRealInfrastructure;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The fleet CA's REST API over real HTTP, with real tokens, as the simulator and operators use it. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ota.gateway.fleet-ca.audit-retry-interval=PT1S")
@WithRealInfrastructure(database = "gateway")
class FleetCaApiIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ISSUED = "ota.VehicleCertificateIssued.v1";
    private static final String REVOKED = "ota.VehicleCertificateRevoked.v1";

    @LocalServerPort
    int port;

    @Autowired
    FleetCa ca;

    private RestClient http;

    private record Reply(int status, JsonNode body, String text) {}

    @BeforeEach
    void client() {
        http = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port + "/api/v1/fleet-ca")
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {})
                .build();
    }

    @Test
    void aProvisionerGetsAVehicleCertificateChainedToTheFleetCaAndABadCsrIsAnsweredWithItsReason() throws Exception {
        String vin = TestVehicle.randomVin();
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
        assertThat(issued.path("vin").asString()).isEqualTo(vin);
        assertThat(FleetCa.commonName(certificate)).contains(vin);
        assertThat(certificate.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(issued.path("serial").asString())
                .isEqualTo(certificate.getSerialNumber().toString(16));
        JsonNode refused = reply.body().path("certificates").get(1);
        assertThat(refused.path("certificate").isNull()).isTrue();
        assertThat(refused.path("refused").asString()).contains("VIN");
    }

    @Test
    void eachCertificateOfABatchIsAuditedUnderItsVehicleWithSerialNotAfterAndWhoAsked() throws Exception {
        String first = TestVehicle.randomVin();
        String second = TestVehicle.randomVin();

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
        assertThat(reply.body().path("audited").asBoolean()).isTrue();
        for (int i : List.of(0, 2)) {
            JsonNode answer = reply.body().path("certificates").get(i);
            X509Certificate certificate = certificate(answer.path("certificate").asString());
            VehicleCertificateIssued event = issuanceOf(answer.path("vin").asString());
            assertThat(event.serial()).isEqualTo(answer.path("serial").asString());
            assertThat(event.notAfter()).isEqualTo(certificate.getNotAfter().toInstant());
            assertThat(event.issuedBy()).isEqualTo("tester");
        }
        assertThat(reply.body().path("certificates").get(0).path("vin").asString())
                .isEqualTo(first);
        assertThat(ca.crlFile().orElseThrow().resolveSibling("audit-outbox"))
                .isDirectoryNotContaining(f -> f.toString().endsWith(".json")
                        && EventCodec.decode(readBytes(f))
                                .filter(e -> e instanceof VehicleCertificateIssued issued
                                        && List.of(first, second).contains(issued.vin()))
                                .isPresent());
    }

    @Test
    void onlyProvisionersAndAdminsMayIssueAndNobodyWithoutAToken() {
        Map<String, List<String>> body =
                Map.of("csrs", List.of(csr(FleetCa.generateKeyPair(), "CN=" + TestVehicle.randomVin())));

        assertThat(post("/certificates", body, "FLEET_OPS").status()).isEqualTo(403);
        assertThat(post("/certificates", body, "RELEASE_ENGINEER").status()).isEqualTo(403);
        assertThat(post("/certificates", body, null).status()).isEqualTo(401);
        assertThat(post("/certificates", body, "ADMIN").status()).isEqualTo(200);
    }

    @Test
    void fleetOpsRevokesAVehicleAndItsCertificateIsOnTheCrlTheBrokerReads() throws Exception {
        String vin = TestVehicle.randomVin();
        Reply issued = post(
                "/certificates",
                Map.of("csrs", List.of(csr(FleetCa.generateKeyPair(), "CN=" + vin))),
                "VEHICLE_PROVISIONER");
        X509Certificate certificate = certificate(
                issued.body().path("certificates").get(0).path("certificate").asString());
        RevocationListFile brokerView =
                new RevocationListFile(ca.crlFile().orElseThrow(), ca.certificate(), Duration.ZERO);
        assertThat(brokerView.test(certificate)).isFalse();

        assertThat(post("/vehicles/" + vin + "/revocation", Map.of(), "VEHICLE_PROVISIONER")
                        .status())
                .isEqualTo(403);
        Reply revoked = post("/vehicles/" + vin + "/revocation", Map.of(), "FLEET_OPS");

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body().path("serials").get(0).asString())
                .isEqualTo(certificate.getSerialNumber().toString(16));
        Thread.sleep(20);
        assertThat(brokerView.test(certificate)).isTrue();
        assertThat(post("/vehicles/" + TestVehicle.randomVin() + "/revocation", Map.of(), "ADMIN")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aRevocationAnswersOnceItsAuditEventIsInKafkaWithVinSerialsReasonAndWho() throws Exception {
        String vin = TestVehicle.randomVin();
        String serial = issue(vin);

        Reply revoked = post("/vehicles/" + vin + "/revocation", Map.of("reason", "vehicle stolen"), "FLEET_OPS");

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body().path("audited").asBoolean()).isTrue();
        VehicleCertificateRevoked event = revocationOf(vin);
        assertThat(event.serials()).containsExactly(serial);
        assertThat(event.reason()).isEqualTo("vehicle stolen");
        assertThat(event.revokedBy()).isEqualTo("tester");

        String other = TestVehicle.randomVin();
        String otherSerial = issue(other);
        Reply bySerial = post("/certificates/" + otherSerial + "/revocation", Map.of(), "ADMIN");
        assertThat(bySerial.status()).isEqualTo(200);
        assertThat(bySerial.body().path("vin").asString()).isEqualTo(other);
        VehicleCertificateRevoked bySerialEvent = revocationOf(other);
        assertThat(bySerialEvent.serials()).containsExactly(otherSerial);
        assertThat(bySerialEvent.reason()).isEqualTo("no reason given");
    }

    @Test
    void anAuditEventKafkaDidNotTakeIsSentLaterAndOneOfARevocationThatNeverHappenedIsDropped() throws Exception {
        Path outbox = ca.crlFile().orElseThrow().resolveSibling("audit-outbox");
        String revokedVin = TestVehicle.randomVin();
        String revokedSerial = issue(revokedVin);
        ca.revoke(new BigInteger(revokedSerial, 16));
        // as the gateway leaves them when Kafka was down at the revocation, or it died before the CA revoked
        Path leftByOutage = hold(outbox, revokedVin, revokedSerial, Instant.now());
        String neverRevokedVin = TestVehicle.randomVin();
        Path neverHappened = hold(
                outbox, neverRevokedVin, issue(neverRevokedVin), Instant.now().minus(Duration.ofMinutes(2)));
        // an issuance whose event Kafka did not take, and one the CA never recorded (it died before)
        String issuedVin = TestVehicle.randomVin();
        String issuedSerial = issue(issuedVin);
        Path issuanceLeftByOutage = holdIssued(outbox, issuedVin, issuedSerial, Instant.now());
        String neverIssuedVin = TestVehicle.randomVin();
        Path neverIssued =
                holdIssued(outbox, neverIssuedVin, "5e0b", Instant.now().minus(Duration.ofMinutes(2)));
        // held a moment ago by another replica that has not revoked yet: not to be judged
        String inFlightVin = TestVehicle.randomVin();
        Path inFlight = hold(outbox, inFlightVin, issue(inFlightVin), Instant.now());

        VehicleCertificateRevoked relayed = revocationOf(revokedVin);

        assertThat(relayed.serials()).containsExactly(revokedSerial);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(eventIds(issuedVin, ISSUED)).contains(eventIdOf(issuanceLeftByOutage)));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(outbox)
                        .isDirectoryNotContaining(f -> f.equals(leftByOutage)
                                || f.equals(neverHappened)
                                || f.equals(issuanceLeftByOutage)
                                || f.equals(neverIssued)));
        assertThat(KafkaTestClient.readAll(Topics.FLEET_CERTIFICATES))
                .noneMatch(r -> neverRevokedVin.equals(r.key()) && is(r, REVOKED))
                .noneMatch(r -> neverIssuedVin.equals(r.key()));
        Thread.sleep(1_500); // another relay pass
        assertThat(inFlight).exists();
        Files.delete(inFlight);
    }

    private static Path hold(Path outbox, String vin, String serial, Instant occurredAt) throws Exception {
        VehicleCertificateRevoked event = new VehicleCertificateRevoked(
                UUID.randomUUID(), occurredAt, vin, List.of(serial), "left in the outbox", "tester");
        Path file = outbox.resolve(event.eventId() + ".json");
        Files.write(file, EventCodec.encode(event));
        return file;
    }

    private static Path holdIssued(Path outbox, String vin, String serial, Instant occurredAt) throws Exception {
        VehicleCertificateIssued event = new VehicleCertificateIssued(
                UUID.randomUUID(), occurredAt, vin, serial, occurredAt.plus(Duration.ofDays(365)), "tester");
        Path file = outbox.resolve(event.eventId() + ".json");
        Files.write(file, EventCodec.encode(event));
        return file;
    }

    /** The outbox names a held event's file by its event id. */
    private static UUID eventIdOf(Path held) {
        return UUID.fromString(held.getFileName().toString().replace(".json", ""));
    }

    private static List<UUID> eventIds(String vin, String type) {
        return KafkaTestClient.readAll(Topics.FLEET_CERTIFICATES).stream()
                .filter(r -> vin.equals(r.key()) && is(r, type))
                .map(r -> EventCodec.decode(r.value()).orElseThrow().eventId())
                .toList();
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            return new byte[0];
        }
    }

    private String issue(String vin) {
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

    private static VehicleCertificateRevoked revocationOf(String vin) {
        ConsumerRecord<String, byte[]> record = KafkaTestClient.await(
                Topics.FLEET_CERTIFICATES, r -> vin.equals(r.key()) && is(r, REVOKED), Duration.ofSeconds(30));
        VehicleCertificateRevoked event = EventCodec.decode(record.value(), VehicleCertificateRevoked.class);
        assertThat(event.vin()).isEqualTo(vin);
        return event;
    }

    private static VehicleCertificateIssued issuanceOf(String vin) {
        ConsumerRecord<String, byte[]> record = KafkaTestClient.await(
                Topics.FLEET_CERTIFICATES, r -> vin.equals(r.key()) && is(r, ISSUED), Duration.ofSeconds(30));
        VehicleCertificateIssued event = EventCodec.decode(record.value(), VehicleCertificateIssued.class);
        assertThat(event.vin()).isEqualTo(vin);
        return event;
    }

    private static boolean is(ConsumerRecord<String, byte[]> record, String type) {
        return KafkaTestClient.header(record, Headers.EVENT_TYPE)
                .filter(type::equals)
                .isPresent();
    }

    private Reply post(String path, Object body, @Nullable String role) {
        var request =
                http.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsString(body));
        if (role != null) {
            request = request.header("Authorization", TestTokens.authorization("tester", role));
        }
        return request.exchange((req, response) -> {
            String text = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
            return new Reply(
                    response.getStatusCode().value(), text.isBlank() ? JSON.nullNode() : JSON.readTree(text), text);
        });
    }

    private static String csr(KeyPair keys, String subject) {
        return FleetCa.pem(FleetCa.request(keys, subject));
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}

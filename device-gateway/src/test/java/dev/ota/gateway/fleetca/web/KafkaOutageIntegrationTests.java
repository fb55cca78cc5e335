package dev.ota.gateway.fleetca.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.events.VehicleCertificateIssued;
import dev.ota.contracts.events.VehicleCertificateRevoked;
import dev.ota.gateway.fleetca.FleetCaParts;
import dev.ota.pki.FleetCa;
import dev.ota.pki.RevocationListFile;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.RealInfrastructure;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fleet CA during a Kafka outage, with the real outbox files, the real relay and real Kafka clients: the CA's
 * controller sends through a producer whose bootstrap server is a closed port, so nothing is ever acknowledged. An
 * issuance answers 200 with {@code audited: false}, a revocation 202 with {@code audited: false}; the revocation
 * stands (the CRL file the broker reads lists it) and both events wait in the outbox. Then the relay, over the same
 * directory with a producer to the real Kafka, delivers them, as a gateway does once Kafka is back (or another
 * replica does).
 */
class KafkaOutageIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);
    private static final Principal OLGA = () -> "olga";

    @TempDir
    Path directory;

    @Test
    void aRevocationKafkaDoesNotAcknowledgeAnswers202AndStandsAndTheRelayDeliversItsEventOnceKafkaIsBack()
            throws Exception {
        FleetCa ca = FleetCa.loadOrCreate(directory, "test".toCharArray(), "Outage Test CA", Duration.ofDays(1));
        String vin =
                "SMUDWNX%010d".formatted(Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 10_000_000_000L));
        MockMvc api;
        JsonNode issued;
        JsonNode revoked;
        try (Producer<String, byte[]> unreachable = producer(closedPort(), Duration.ofMillis(500))) {
            api = MockMvcBuilders.standaloneSetup(new FleetCaController(
                            FleetCaParts.provisioning(ca, directory, unreachable, SEND_TIMEOUT),
                            FleetCaParts.revocations(ca, directory, unreachable, SEND_TIMEOUT)))
                    .build();

            issued = JSON.readTree(api.perform(post("/api/v1/fleet-ca/certificates")
                            .principal(OLGA)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(JSON.writeValueAsString(Map.of("csrs", List.of(csr(vin))))))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.audited").value(false))
                    .andReturn()
                    .getResponse()
                    .getContentAsString());
            revoked = JSON.readTree(api.perform(post("/api/v1/fleet-ca/vehicles/" + vin + "/revocation")
                            .principal(OLGA)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"reason\": \"vehicle stolen\"}"))
                    .andExpect(status().isAccepted())
                    .andExpect(jsonPath("$.audited").value(false))
                    .andReturn()
                    .getResponse()
                    .getContentAsString());
        }

        X509Certificate certificate = certificate(
                issued.path("certificates").get(0).path("certificate").asString());
        String serial = certificate.getSerialNumber().toString(16);
        assertThat(revoked.path("serials").get(0).asString()).isEqualTo(serial);
        RevocationListFile brokerView =
                new RevocationListFile(ca.crlFile().orElseThrow(), ca.certificate(), Duration.ZERO);
        assertThat(brokerView.test(certificate)).as("the revocation stands").isTrue();
        List<OtaEvent> held = held();
        assertThat(held).hasSize(2);
        UUID issuedEventId = eventOf(held, VehicleCertificateIssued.class).eventId();
        UUID revokedEventId = eventOf(held, VehicleCertificateRevoked.class).eventId();

        try (Producer<String, byte[]> kafka =
                producer(RealInfrastructure.get().kafkaBootstrapServers(), Duration.ofSeconds(15))) {
            FleetCaParts.relayOnce(ca, directory, kafka, Duration.ofSeconds(30));
        }

        assertThat(held()).as("the outbox after the relay").isEmpty();
        VehicleCertificateRevoked revocation = delivered(vin, revokedEventId, VehicleCertificateRevoked.class);
        assertThat(revocation.serials()).containsExactly(serial);
        assertThat(revocation.reason()).isEqualTo("vehicle stolen");
        assertThat(revocation.revokedBy()).isEqualTo("olga");
        VehicleCertificateIssued issuance = delivered(vin, issuedEventId, VehicleCertificateIssued.class);
        assertThat(issuance.serial()).isEqualTo(serial);
        assertThat(issuance.notAfter()).isEqualTo(certificate.getNotAfter().toInstant());
        assertThat(issuance.issuedBy()).isEqualTo("olga");
        assertThat(ca.isRevoked(new BigInteger(serial, 16))).isTrue();
    }

    private List<OtaEvent> held() throws Exception {
        try (Stream<Path> files = Files.list(FleetCaParts.outbox(directory))) {
            return files.filter(f -> f.toString().endsWith(".json"))
                    .map(f -> EventCodec.decode(read(f)).orElseThrow())
                    .toList();
        }
    }

    private static <E extends OtaEvent> E eventOf(List<OtaEvent> events, Class<E> type) {
        return events.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .findFirst()
                .orElseThrow();
    }

    private static <E extends OtaEvent> E delivered(String vin, UUID eventId, Class<E> type) {
        ConsumerRecord<String, byte[]> record = KafkaTestClient.await(
                Topics.FLEET_CERTIFICATES,
                r -> vin.equals(r.key())
                        && KafkaTestClient.header(r, Headers.EVENT_ID)
                                .filter(eventId.toString()::equals)
                                .isPresent(),
                Duration.ofSeconds(30));
        return KafkaTestClient.eventOf(record, type).orElseThrow();
    }

    /** A producer as the gateway's, with timeouts short enough for a test. */
    private static Producer<String, byte[]> producer(String bootstrap, Duration timeout) {
        int millis = (int) timeout.toMillis();
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                millis,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                millis,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                millis,
                ProducerConfig.LINGER_MS_CONFIG,
                0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
    }

    /** A local port nothing listens on: Kafka "unreachable". */
    private static String closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }

    private static String csr(String vin) {
        return FleetCa.pem(FleetCa.request(FleetCa.generateKeyPair(), "CN=" + vin));
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

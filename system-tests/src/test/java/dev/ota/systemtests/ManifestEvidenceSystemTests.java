package dev.ota.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.ManifestReported;
import dev.ota.contracts.mqtt.MqttTopics;
import dev.ota.launcher.demo.Actor;
import dev.ota.launcher.demo.OtaStory;
import dev.ota.launcher.demo.PlatformClient;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.Signers;
import dev.ota.uptane.manifest.EcuVersionReport;
import dev.ota.uptane.manifest.Manifests;
import dev.ota.uptane.manifest.VehicleVersionManifest;
import dev.ota.uptane.metadata.SignedDocument;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A vehicle with a valid certificate and its own registered ECU keys lies in its version manifest, from outside, over
 * its own MQTT session: a report signed by a key that is not its ECU's, a replayed report, a manifest about another
 * VIN, an ECU it was not provisioned with, an ECU relabelled to other hardware. Each is refused with a named reason in
 * the dead-letter topic and in the audit log, and none changes the inventory or widens a campaign's target.
 */
class ManifestEvidenceSystemTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PRIMARY_HW = "hw-evidence-gateway";
    private static final String BRAKE_HW = "hw-evidence-brake";
    private static final String ADDED_HW = "hw-evidence-added";

    private final OtaStory story = RunningPlatform.story();
    private final PlatformClient client = story.client();

    private final String vin = CertifiedMqttClient.randomVin("EVD");
    private final String tag = "evidence-" + vin.toLowerCase();
    private final String primarySerial = "GW-" + vin;
    private final String brakeSerial = "BRK-" + vin;
    private final Signer primaryKey = Signers.generate(Scheme.ED25519);
    private final Signer brakeKey = Signers.generate(Scheme.ECDSA_SHA2_NISTP256);

    @Test
    void manifestsThatLieAreRefusedWithANamedReasonAndChangeNothing() throws Exception {
        register();
        CertifiedMqttClient.Credentials credentials = CertifiedMqttClient.provision(vin);
        Mqtt5BlockingClient vehicle = CertifiedMqttClient.build(vin, credentials);
        vehicle.connect();
        AuditTrail trail = AuditTrail.fromNow(story);

        String honest =
                manifest(vin, Map.of(brakeSerial, report(brakeSerial, BRAKE_HW, "brake/1.0/brake.bin")), brakeKey);
        send(vehicle, honest);
        await().atMost(WAIT).until(() -> brakeTargetPath().equals("brake/1.0/brake.bin"));
        JsonNode inventoryBefore = registered();

        Map<String, String> attacks = new LinkedHashMap<>();
        attacks.put(
                "ECU_SIGNATURE",
                manifest(
                        vin,
                        Map.of(brakeSerial, report(brakeSerial, BRAKE_HW, "brake/6.6.6/evil.bin")),
                        Signers.generate(Scheme.ECDSA_SHA2_NISTP256)));
        attacks.put("NONCE_REPLAYED", honest);
        attacks.put(
                "UNKNOWN_ECU",
                manifest(
                        vin,
                        Map.of(
                                brakeSerial,
                                report(brakeSerial, BRAKE_HW, "brake/1.0/brake.bin"),
                                "ADD-" + vin,
                                report("ADD-" + vin, ADDED_HW, "added/1.0/added.bin")),
                        brakeKey));
        attacks.put(
                "HARDWARE_ID_MISMATCH",
                manifest(vin, Map.of(brakeSerial, report(brakeSerial, ADDED_HW, "brake/1.0/brake.bin")), brakeKey));
        Map<String, UUID> sent = new LinkedHashMap<>();
        for (var attack : attacks.entrySet()) {
            sent.put(attack.getKey(), send(vehicle, attack.getValue()));
        }
        String otherVin = CertifiedMqttClient.randomVin("EVD");
        UUID aboutAnother = send(
                vehicle, manifest(otherVin, Map.of(brakeSerial, report(brakeSerial, BRAKE_HW, "x/1/x.bin")), brakeKey));

        for (var attack : sent.entrySet()) {
            await().atMost(WAIT)
                    .untilAsserted(() -> assertThat(deadLetterReason(attack.getValue()))
                            .as("dead letter of the %s attack", attack.getKey())
                            .startsWith("manifest refused: " + attack.getKey() + ": "));
        }
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(deadLetterReason(aboutAnother))
                        .as("a manifest about another VIN is refused where it enters")
                        .contains("manifest is about VIN " + otherVin));
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(trail.ofType("ota.ManifestRefused").stream()
                                .filter(e -> vin.equals(e.event().path("vin").asString()))
                                .map(e -> e.event().path("reason").asString()))
                        .as("every refusal in the audit log under its name")
                        .containsExactlyInAnyOrderElementsOf(attacks.keySet()));
        assertThat(trail.ofType("ota.ManifestVerified").stream()
                        .filter(e -> vin.equals(e.event().path("vin").asString())))
                .as("only the honest manifest was believed")
                .hasSize(1);
        JsonNode inventoryAfter = registered();
        assertThat(inventoryAfter.path("ecus")).isEqualTo(inventoryBefore.path("ecus"));
        assertThat(inventoryAfter.path("manifestAt")).isEqualTo(inventoryBefore.path("manifestAt"));
        assertThat(previewTotal("tag==" + tag + ";hardwareId==" + ADDED_HW))
                .as("a campaign targeting the claimed hardware does not reach this vehicle")
                .isZero();
        assertThat(previewTotal("tag==" + tag + ";hardwareId==" + BRAKE_HW)).isEqualTo(1);
        vehicle.disconnect();
    }

    private void register() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("vin", vin);
        body.put("model", "evidence");
        body.put("modelYear", 2026);
        body.put("region", "EU");
        body.put("market", "EU");
        body.put("tags", List.of(tag));
        body.put(
                "ecus",
                List.of(
                        Map.of(
                                "serial",
                                primarySerial,
                                "hardwareId",
                                PRIMARY_HW,
                                "primary",
                                true,
                                "publicKey",
                                primaryKey.publicKey().toJsonValue()),
                        Map.of(
                                "serial",
                                brakeSerial,
                                "hardwareId",
                                BRAKE_HW,
                                "primary",
                                false,
                                "publicKey",
                                brakeKey.publicKey().toJsonValue())));
        var byFleetOps = client.put(Actor.FLEET_OPS, OtaStory.CAMPAIGN, "/api/vehicles/" + vin, body);
        assertThat(byFleetOps.status())
                .as("ECU keys come only from a provisioner: %s", byFleetOps.body())
                .isEqualTo(403);
        var registered = client.put(Actor.PROVISIONER, OtaStory.CAMPAIGN, "/api/vehicles/" + vin, body);
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
    }

    private static EcuVersionReport report(String serial, String hardwareId, String path) {
        return new EcuVersionReport(
                serial,
                hardwareId,
                path,
                1024,
                Map.of("sha256", "ab".repeat(32)),
                1,
                List.of(),
                UUID.randomUUID().toString(),
                Instant.now());
    }

    /** A manifest signed by the primary's registered key; each report by {@code reportKey}. */
    private String manifest(String aboutVin, Map<String, EcuVersionReport> reports, Signer reportKey) {
        Map<String, SignedDocument<EcuVersionReport>> signed = new LinkedHashMap<>();
        reports.forEach((serial, report) -> signed.put(serial, Manifests.signReport(report, reportKey)));
        return Manifests.signManifest(
                        new VehicleVersionManifest(aboutVin, primarySerial, Instant.now(), signed), primaryKey)
                .toJson();
    }

    /** Publishes the manifest over the vehicle's own session; returns the vehicle's event id. */
    private UUID send(Mqtt5BlockingClient vehicle, String manifest) {
        UUID id = UUID.randomUUID();
        vehicle.publishWith()
                .topic(MqttTopics.topic(vin, MqttTopics.Channel.MANIFEST))
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(EventCodec.encode(new ManifestReported(id, Instant.now(), vin, manifest)))
                .send();
        return id;
    }

    /** The reason of the dead letter of the vehicle's event, or "" while there is none. */
    private String deadLetterReason(UUID vehicleEventId) {
        for (ConsumerRecord<byte[], byte[]> record :
                KafkaTopics.records(Topics.deadLetter(Topics.VEHICLE_REPORTS), vin)) {
            String payload = new String(record.value(), StandardCharsets.UTF_8);
            if (payload.contains(vehicleEventId.toString())) {
                var reason = record.headers().lastHeader(Headers.DEAD_LETTER_REASON);
                return reason == null ? "" : new String(reason.value(), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private JsonNode registered() {
        return client.get(Actor.FLEET_OPS, OtaStory.CAMPAIGN, "/api/vehicles/" + vin)
                .orFail("vehicle " + vin)
                .json();
    }

    private String brakeTargetPath() {
        for (JsonNode ecu : registered().path("ecus")) {
            if (ecu.path("serial").asString().equals(brakeSerial)) {
                return ecu.path("targetPath").asString("");
            }
        }
        return "";
    }

    private long previewTotal(String query) {
        return client.post(
                        Actor.RELEASE_ENGINEER,
                        OtaStory.CAMPAIGN,
                        "/api/targeting/preview",
                        Map.of("type", "query", "query", query))
                .orFail("preview " + query)
                .json()
                .path("total")
                .asLong();
    }
}

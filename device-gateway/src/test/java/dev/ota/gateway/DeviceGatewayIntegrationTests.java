package dev.ota.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import dev.ota.contracts.VehicleEventIds;
import dev.ota.contracts.events.ApplicationCheck;
import dev.ota.contracts.events.ApplicationStatus;
import dev.ota.contracts.events.AssignmentCancelled;
import dev.ota.contracts.events.ConsentAnswered;
import dev.ota.contracts.events.ConsentDecision;
import dev.ota.contracts.events.DirectorMetadataIssued;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.ManifestReported;
import dev.ota.contracts.events.RollbackAssigned;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.contracts.events.VehicleMessageRefused;
import dev.ota.contracts.mqtt.BrokerRefusalReport;
import dev.ota.contracts.mqtt.MqttTopics.Channel;
import dev.ota.pki.broker.ConnectedVehiclesReport;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.WithRealInfrastructure;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.Signers;
import dev.ota.uptane.manifest.EcuVersionReport;
import dev.ota.uptane.manifest.Manifests;
import dev.ota.uptane.manifest.VehicleVersionManifest;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;

// a plain test broker without the vehicle access extension: nothing stamps the certificate identity
@SpringBootTest(
        properties = {
            "ota.gateway.uplink.require-broker-identity=false",
            "ota.gateway.uplink.audited-refusals-per-vehicle=3",
            "ota.gateway.uplink.audit-window=PT5S"
        })
@WithRealInfrastructure(database = "gateway")
class DeviceGatewayIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    MeterRegistry meters;

    @Test
    void forwardsEachVehicleChannelToItsKafkaTopicKeyedByVin() throws Exception {
        try (TestVehicle vehicle = TestVehicle.online()) {
            UUID assignment = UUID.randomUUID();
            var progress = new UpdateProgress(
                    UUID.randomUUID(), Instant.now(), vehicle.vin, assignment, "ECU-1", InstallPhase.DOWNLOADING, null);
            var manifest =
                    new ManifestReported(UUID.randomUUID(), Instant.now(), vehicle.vin, signedManifest(vehicle.vin));
            var consent = new ConsentAnswered(
                    UUID.randomUUID(), Instant.now(), vehicle.vin, assignment, ConsentDecision.ACCEPTED);
            var beacon = new HealthBeacon(
                    UUID.randomUUID(),
                    Instant.now(),
                    vehicle.vin,
                    assignment,
                    "ECU-1",
                    "hw-a",
                    true,
                    true,
                    0,
                    Instant.now());

            vehicle.publish(Channel.STATUS, progress);
            vehicle.publish(Channel.MANIFEST, manifest);
            vehicle.publish(Channel.CONSENT, consent);
            vehicle.publish(Channel.HEALTH, beacon);

            List<ConsumerRecord<String, byte[]>> reports =
                    KafkaTestClient.awaitAll(Topics.VEHICLE_REPORTS, r -> vehicle.vin.equals(r.key()), 3, WAIT);
            assertThat(reports)
                    .extracting(r -> EventCodec.decode(r.value()).orElseThrow())
                    .usingRecursiveFieldByFieldElementComparatorIgnoringFields("eventId")
                    .containsExactlyInAnyOrder(progress, manifest, consent);
            assertThat(reports)
                    .extracting(r -> EventCodec.decode(r.value()).orElseThrow().eventId())
                    .containsExactlyInAnyOrder(
                            VehicleEventIds.derive(vehicle.vin, progress.eventId()),
                            VehicleEventIds.derive(vehicle.vin, manifest.eventId()),
                            VehicleEventIds.derive(vehicle.vin, consent.eventId()));
            assertThat(KafkaTestClient.header(reports.getFirst(), Headers.EVENT_TYPE))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("ota."));
            ConsumerRecord<String, byte[]> health =
                    KafkaTestClient.await(Topics.VEHICLE_HEALTH, r -> vehicle.vin.equals(r.key()), WAIT);
            assertThat(EventCodec.decode(health.value(), HealthBeacon.class))
                    .usingRecursiveComparison()
                    .ignoringFields("eventId")
                    .isEqualTo(beacon);
            assertThat(KafkaTestClient.header(health, Headers.EVENT_ID))
                    .contains(VehicleEventIds.derive(vehicle.vin, beacon.eventId())
                            .toString());
        }
    }

    /**
     * The gateway hands a command's source event id to the vehicle as {@code commandId}. A vehicle that reports under
     * that id must not reach Kafka with it: consumers that deduplicate on event ids (the audit log, every inbox) would
     * skip the real platform event as a duplicate.
     */
    @Test
    void aReportUnderAPlatformEventsIdReachesKafkaWithAnIdDerivedFromTheVinAndKeepsItsOwnIdAsAField() throws Exception {
        try (TestVehicle vehicle = TestVehicle.online()) {
            UUID assignment = UUID.randomUUID();
            var assigned = new UpdateAssigned(
                    UUID.randomUUID(),
                    Instant.now(),
                    vehicle.vin,
                    assignment,
                    UUID.randomUUID(),
                    1,
                    List.of(target()),
                    new InstallConditions(false, 20, false, null),
                    "M1",
                    null);
            KafkaTestClient.send(assigned);
            JsonNode command = vehicle.nextCommand(WAIT).orElseThrow();
            UUID platformId = UUID.fromString(command.path("commandId").asString());
            assertThat(platformId).isEqualTo(assigned.eventId());

            vehicle.publish(
                    Channel.STATUS,
                    new UpdateProgress(
                            platformId, Instant.now(), vehicle.vin, assignment, null, InstallPhase.FAILED, "x"));

            ConsumerRecord<String, byte[]> forwarded =
                    KafkaTestClient.await(Topics.VEHICLE_REPORTS, r -> vehicle.vin.equals(r.key()), WAIT);
            UpdateProgress report = EventCodec.decode(forwarded.value(), UpdateProgress.class);
            UUID derived = VehicleEventIds.derive(vehicle.vin, platformId);
            assertThat(report.eventId()).isEqualTo(derived).isNotEqualTo(platformId);
            assertThat(report.eventId().version()).isEqualTo(3);
            assertThat(KafkaTestClient.header(forwarded, Headers.EVENT_ID)).contains(derived.toString());
            assertThat(EventCodec.mapper()
                            .readTree(forwarded.value())
                            .path(VehicleEventIds.VEHICLE_EVENT_ID)
                            .asString())
                    .isEqualTo(platformId.toString());
        }
    }

    @Test
    void dead_lettersAReportWhosePayloadVinIsNotTheTopicVinAndForwardsNothingOfIt() throws Exception {
        try (TestVehicle vehicle = TestVehicle.online()) {
            String otherVin = TestVehicle.randomVin();
            var forged = new UpdateProgress(
                    UUID.randomUUID(), Instant.now(), otherVin, UUID.randomUUID(), null, InstallPhase.SUCCEEDED, null);
            vehicle.publish(Channel.STATUS, forged);
            var marker = progressOf(vehicle.vin);
            vehicle.publish(Channel.STATUS, marker);

            ConsumerRecord<String, byte[]> dead = KafkaTestClient.await(
                    Topics.deadLetter(Topics.VEHICLE_REPORTS), r -> vehicle.vin.equals(r.key()), WAIT);
            assertThat(KafkaTestClient.header(dead, Headers.DEAD_LETTER_REASON))
                    .contains("PAYLOAD_VIN_MISMATCH: payload VIN " + otherVin + " does not match topic VIN "
                            + vehicle.vin);
            assertThat(KafkaTestClient.header(dead, Headers.DEAD_LETTER_SOURCE_POSITION))
                    .contains("ota/v1/" + vehicle.vin + "/status");
            KafkaTestClient.await(Topics.VEHICLE_REPORTS, r -> isEvent(r, marker.eventId()), WAIT);
            assertThat(KafkaTestClient.readAll(Topics.VEHICLE_REPORTS)).noneMatch(r -> isEvent(r, forged.eventId()));
        }
    }

    @Test
    void dead_lettersMalformedWrongChannelOversizedAndForeignIdentityMessagesWithTheirReasons() throws Exception {
        try (TestVehicle vehicle = TestVehicle.online()) {
            vehicle.publish("ota/v1/" + vehicle.vin + "/status", "{not json".getBytes());
            vehicle.publish(Channel.HEALTH, progressOf(vehicle.vin));
            vehicle.publish("ota/v1/" + vehicle.vin + "/manifest", new byte[263_000]);
            vehicle.publishWithIdentity(Channel.STATUS, progressOf(vehicle.vin), "WRONGIDENTITY0000");
            String otherVin = TestVehicle.randomVin();
            vehicle.publish(
                    Channel.MANIFEST,
                    new ManifestReported(UUID.randomUUID(), Instant.now(), vehicle.vin, signedManifest(otherVin)));

            List<String> reasons = KafkaTestClient.awaitAll(
                            Topics.deadLetter(Topics.VEHICLE_REPORTS), r -> vehicle.vin.equals(r.key()), 4, WAIT)
                    .stream()
                    .map(r -> KafkaTestClient.header(r, Headers.DEAD_LETTER_REASON)
                            .orElseThrow())
                    .toList();
            assertThat(reasons)
                    .anySatisfy(reason -> assertThat(reason).startsWith("MALFORMED: not valid JSON"))
                    .anySatisfy(reason -> assertThat(reason)
                            .isEqualTo("OVERSIZED: payload of 263000 bytes exceeds the limit of 262144"))
                    .anySatisfy(reason -> assertThat(reason)
                            .isEqualTo("IDENTITY_MISMATCH: certificate identity WRONGIDENTITY0000 does not match topic"
                                    + " VIN " + vehicle.vin));
            ConsumerRecord<String, byte[]> wrongChannel = KafkaTestClient.await(
                    Topics.deadLetter(Topics.VEHICLE_HEALTH), r -> vehicle.vin.equals(r.key()), WAIT);
            assertThat(KafkaTestClient.header(wrongChannel, Headers.DEAD_LETTER_REASON))
                    .contains("WRONG_CHANNEL: ota.UpdateProgress.v1 does not belong on channel health");
        }
    }

    @Test
    void everyRefusalIsAuditedUnderTheSendersCertificateWithItsNameAndPayloadHashAndAFloodCostsTheLogLittle()
            throws Exception {
        try (TestVehicle vehicle = TestVehicle.online()) {
            double notAuditedBefore = counted("ota.gateway.uplink.refusals_not_audited");
            byte[] oversized = new byte[263_000];
            String otherVin = TestVehicle.randomVin();
            // one after the other: the gateway handles each MQTT topic on its own, so their order is ours to set
            vehicle.publishWithIdentity("ota/v1/" + vehicle.vin + "/manifest", oversized, vehicle.vin);
            awaitAuditedRefusal(vehicle.vin, "OVERSIZED");
            vehicle.publishWithIdentity(
                    "ota/v1/" + otherVin + "/status", EventCodec.encode(progressOf(otherVin)), vehicle.vin);
            awaitAuditedRefusal(vehicle.vin, "IDENTITY_MISMATCH");
            for (int i = 0; i < 5; i++) {
                vehicle.publishWithIdentity(
                        "ota/v1/" + vehicle.vin + "/status", ("{garbage " + i).getBytes(), vehicle.vin);
            }
            KafkaTestClient.awaitAll(
                    Topics.deadLetter(Topics.VEHICLE_REPORTS),
                    r -> vehicle.vin.equals(r.key()) || otherVin.equals(r.key()),
                    7,
                    WAIT);
            Thread.sleep(Duration.ofSeconds(6)); // the sender's audit window ends
            vehicle.publishWithIdentity("ota/v1/" + vehicle.vin + "/status", "{one more".getBytes(), vehicle.vin);

            List<VehicleMessageRefused> audited = Awaitility.await()
                    .atMost(WAIT)
                    .until(
                            () -> KafkaTestClient.readAll(Topics.EDGE_REFUSALS).stream()
                                    .filter(r -> vehicle.vin.equals(r.key()))
                                    .flatMap(r -> KafkaTestClient.eventOf(r, VehicleMessageRefused.class).stream())
                                    .toList(),
                            records -> records.stream()
                                            .mapToLong(r -> 1 + r.alsoRefused())
                                            .sum()
                                    == 8);
            assertThat(audited)
                    .as("no more than the budget of 3 per window, and all 8 accounted for")
                    .hasSizeLessThan(8)
                    .allSatisfy(r -> assertThat(r.sender()).isEqualTo(vehicle.vin));
            assertThat(audited.getFirst()).satisfies(first -> {
                assertThat(first.reason()).isEqualTo("OVERSIZED");
                assertThat(first.payloadBytes()).isEqualTo(263_000);
                assertThat(first.payloadSha256())
                        .isEqualTo(HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(oversized)));
            });
            assertThat(audited.get(1)).satisfies(posing -> {
                assertThat(posing.reason()).isEqualTo("IDENTITY_MISMATCH");
                assertThat(posing.mqttTopic()).isEqualTo("ota/v1/" + otherVin + "/status");
            });
            assertThat(audited.getLast().reason()).isEqualTo("MALFORMED");
            assertThat(KafkaTestClient.readAll(Topics.EDGE_REFUSALS))
                    .as("nothing is recorded under the VIN the posing message's topic claimed")
                    .noneMatch(r -> otherVin.equals(r.key()));
            assertThat(counted("ota.gateway.uplink.refusals_not_audited") - notAuditedBefore)
                    .isEqualTo((double) audited.stream()
                            .mapToLong(VehicleMessageRefused::alsoRefused)
                            .sum());
            assertThat(meters.find("ota.gateway.uplink.refused")
                            .tag("reason", "OVERSIZED")
                            .counter())
                    .isNotNull()
                    .satisfies(c -> assertThat(c.count()).isGreaterThanOrEqualTo(1));
        }
    }

    private static void awaitAuditedRefusal(String sender, String reason) {
        KafkaTestClient.await(
                Topics.EDGE_REFUSALS,
                r -> sender.equals(r.key())
                        && KafkaTestClient.eventOf(r, VehicleMessageRefused.class)
                                .filter(refused -> refused.reason().equals(reason))
                                .isPresent(),
                WAIT);
    }

    @Test
    void whatTheBrokerRefusedAVehicleIsAuditedUnderThatVehiclesCertificate() throws Exception {
        try (TestVehicle broker = TestVehicle.online()) {
            String vin = TestVehicle.randomVin();
            String foreign = "ota/v1/" + TestVehicle.randomVin() + "/cmd";
            broker.publish(
                    BrokerRefusalReport.topic("test-broker"),
                    new BrokerRefusalReport(vin, "subscribe_denied", foreign).payload());
            broker.publish(BrokerRefusalReport.topic("test-broker"), "not a report".getBytes());

            VehicleMessageRefused refused = KafkaTestClient.eventOf(
                            KafkaTestClient.await(Topics.EDGE_REFUSALS, r -> vin.equals(r.key()), WAIT),
                            VehicleMessageRefused.class)
                    .orElseThrow();
            assertThat(refused.sender()).isEqualTo(vin);
            assertThat(refused.reason()).isEqualTo("BROKER_SUBSCRIBE_DENIED");
            assertThat(refused.mqttTopic()).isEqualTo(foreign);
            assertThat(refused.detail()).contains(foreign);

            String revoked = TestVehicle.randomVin();
            broker.publish(
                    BrokerRefusalReport.topic("test-broker"),
                    new BrokerRefusalReport(revoked, "revoked", revoked).payload());
            VehicleMessageRefused connection = KafkaTestClient.eventOf(
                            KafkaTestClient.await(Topics.EDGE_REFUSALS, r -> revoked.equals(r.key()), WAIT),
                            VehicleMessageRefused.class)
                    .orElseThrow();
            assertThat(connection.reason()).isEqualTo("BROKER_REVOKED");
            assertThat(connection.mqttTopic()).isEqualTo(VehicleMessageRefused.CONNECTION);
            assertThat(connection.detail())
                    .isEqualTo("the broker refused the connection of " + revoked + "'s certificate as client id "
                            + revoked + ": revoked");
        }
    }

    @Test
    void dead_lettersAndCountsBeaconsWhoseApplicationChecksAreOutOfBoundsAndForwardsOneWithinThem() throws Exception {
        try (TestVehicle vehicle = TestVehicle.online()) {
            double refusedBefore = healthRefusals();
            StringBuilder tooMany = new StringBuilder();
            for (int i = 0; i < 33; i++) {
                tooMany.append(i == 0 ? "" : ",").append(check("app" + i, "UP", null));
            }
            vehicle.publish(health(vehicle.vin), beaconWith(vehicle.vin, tooMany.toString()));
            vehicle.publish(health(vehicle.vin), beaconWith(vehicle.vin, check("nav\\tigation", "DOWN", null)));
            vehicle.publish(health(vehicle.vin), beaconWith(vehicle.vin, check("n".repeat(65), "UP", null)));
            vehicle.publish(health(vehicle.vin), beaconWith(vehicle.vin, check("navigation", "DOWN", "x".repeat(257))));
            vehicle.publish(health(vehicle.vin), beaconWith(vehicle.vin, check("navigation", "HALF", null)));
            byte[] within = beaconWith(vehicle.vin, check("navigation", "DOWN", "map service crashed"));
            vehicle.publish(health(vehicle.vin), within);

            List<String> reasons = KafkaTestClient.awaitAll(
                            Topics.deadLetter(Topics.VEHICLE_HEALTH), r -> vehicle.vin.equals(r.key()), 5, WAIT)
                    .stream()
                    .map(r -> KafkaTestClient.header(r, Headers.DEAD_LETTER_REASON)
                            .orElseThrow())
                    .toList();
            assertThat(reasons)
                    .anySatisfy(reason -> assertThat(reason)
                            .isEqualTo("MALFORMED: 33 application checks exceed the limit of 32 per beacon"))
                    .anySatisfy(reason -> assertThat(reason)
                            .isEqualTo(
                                    "MALFORMED: application name 'nav?igation' must be 1..64 characters of A-Z a-z 0-9 . _ -"
                                            + " starting with a letter or digit"))
                    .anySatisfy(reason -> assertThat(reason).startsWith("MALFORMED: application name 'nnnnnnnn"))
                    .anySatisfy(reason -> assertThat(reason)
                            .isEqualTo(
                                    "MALFORMED: detail of application navigation has 257 characters, more than the limit of"
                                            + " 256"))
                    .anySatisfy(reason -> assertThat(reason).contains("HALF"));
            ConsumerRecord<String, byte[]> forwarded =
                    KafkaTestClient.await(Topics.VEHICLE_HEALTH, r -> vehicle.vin.equals(r.key()), WAIT);
            HealthBeacon beacon =
                    KafkaTestClient.eventOf(forwarded, HealthBeacon.class).orElseThrow();
            assertThat(beacon.applications())
                    .containsExactly(new ApplicationCheck("navigation", ApplicationStatus.DOWN, "map service crashed"));
            Awaitility.await()
                    .atMost(WAIT)
                    .untilAsserted(
                            () -> assertThat(healthRefusals() - refusedBefore).isEqualTo(5.0));
        }
    }

    private double counted(String name) {
        var counter = meters.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    private double healthRefusals() {
        var counter = meters.find("ota.gateway.uplink.messages")
                .tag("outcome", "dead_lettered")
                .tag("topic", Topics.VEHICLE_HEALTH)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static String health(String vin) {
        return "ota/v1/" + vin + "/health";
    }

    private static String check(String name, String status, @Nullable String detail) {
        return "{\"name\":\"" + name + "\",\"status\":\"" + status + "\""
                + (detail == null ? "" : ",\"detail\":\"" + detail + "\"") + "}";
    }

    /** A beacon as a vehicle writes it, with these application checks (JSON objects). */
    private static byte[] beaconWith(String vin, String checks) {
        String beacon = EventCodec.encodeToString(new HealthBeacon(
                UUID.randomUUID(),
                Instant.now(),
                vin,
                UUID.randomUUID(),
                "ECU-1",
                "head-unit",
                true,
                true,
                0,
                Instant.now()));
        return beacon.replace("\"applications\":[]", "\"applications\":[" + checks + "]")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void deliversAssignmentAndUnchangedDirectorMetadataWithInstallConditionsToTheVehicle() throws Exception {
        try (TestVehicle vehicle = TestVehicle.online()) {
            UUID assignment = UUID.randomUUID();
            UUID campaign = UUID.randomUUID();
            var conditions = new InstallConditions(true, 40, true, Instant.now().plus(1, ChronoUnit.DAYS));
            KafkaTestClient.send(new UpdateAssigned(
                    UUID.randomUUID(),
                    Instant.now(),
                    vehicle.vin,
                    assignment,
                    campaign,
                    1,
                    List.of(target()),
                    conditions,
                    "M1",
                    null));
            String targetsJson =
                    "{\"signatures\":[{\"keyid\":\"ab\",\"sig\":\"cd\"}],\"signed\":{\"_type\":\"targets\",\"version\":7}}";
            Map<String, String> metadata =
                    Map.of("targets.json", targetsJson, "root.json", "{\"signed\":{\"_type\":\"root\"}}");
            KafkaTestClient.send(new DirectorMetadataIssued(
                    UUID.randomUUID(), Instant.now(), vehicle.vin, assignment, campaign, metadata));

            JsonNode assign = vehicle.nextCommand(WAIT).orElseThrow();
            assertThat(assign.path("type").asString()).isEqualTo("assign");
            assertThat(assign.path("assignmentId").asString()).isEqualTo(assignment.toString());
            assertThat(assign.path("targets").get(0).path("imageName").asString())
                    .isEqualTo("brake-ctl");
            assertThat(assign.path("conditions").path("minBatteryPercent").asInt())
                    .isEqualTo(40);

            JsonNode update = vehicle.nextCommand(WAIT).orElseThrow();
            assertThat(update.path("type").asString()).isEqualTo("update");
            assertThat(update.path("schemaVersion").asInt()).isEqualTo(1);
            assertThat(update.path("metadata").path("targets.json").asString()).isEqualTo(targetsJson);
            assertThat(update.path("conditions").path("requireParked").asBoolean())
                    .isTrue();
            assertThat(update.path("conditions").path("consentRequired").asBoolean())
                    .isTrue();
        }
    }

    @Test
    void aVehicleThatWasOfflineReceivesItsRollbackAndCancelCommandsWhenItReconnects() throws Exception {
        TestVehicle vehicle = TestVehicle.online();
        vehicle.goOffline();
        UUID assignment = UUID.randomUUID();
        UUID campaign = UUID.randomUUID();
        KafkaTestClient.send(new RollbackAssigned(
                UUID.randomUUID(),
                Instant.now(),
                vehicle.vin,
                assignment,
                campaign,
                List.of(target()),
                "stage failed"));
        KafkaTestClient.send(new AssignmentCancelled(
                UUID.randomUUID(), Instant.now(), vehicle.vin, UUID.randomUUID(), campaign, "campaign aborted"));
        Thread.sleep(3_000); // let the gateway publish while the vehicle is away

        vehicle.connect();
        try (vehicle) {
            JsonNode rollback = vehicle.nextCommand(WAIT).orElseThrow();
            assertThat(rollback.path("type").asString()).isEqualTo("rollback");
            assertThat(rollback.path("reason").asString()).isEqualTo("stage failed");
            assertThat(rollback.path("assignmentId").asString()).isEqualTo(assignment.toString());
            JsonNode cancel = vehicle.nextCommand(WAIT).orElseThrow();
            assertThat(cancel.path("type").asString()).isEqualTo("cancel");
            assertThat(cancel.path("reason").asString()).isEqualTo("campaign aborted");
        }
    }

    @Test
    void dead_lettersAnAssignmentForAnInvalidVinAndKeepsDeliveringCommands() throws Exception {
        try (TestVehicle vehicle = TestVehicle.online()) {
            String badKey = "not-a-vin-" + UUID.randomUUID();
            var bad = new AssignmentCancelled(
                    UUID.randomUUID(), Instant.now(), badKey, UUID.randomUUID(), UUID.randomUUID(), "x");
            KafkaTestClient.send(Topics.VEHICLE_ASSIGNMENTS, badKey, EventCodec.encode(bad));
            KafkaTestClient.send(Topics.DIRECTOR_METADATA, vehicle.vin, "{\"type\":\"ota.DirectorMetadataIssued.v1\"}");
            KafkaTestClient.send(new AssignmentCancelled(
                    UUID.randomUUID(),
                    Instant.now(),
                    vehicle.vin,
                    UUID.randomUUID(),
                    UUID.randomUUID(),
                    "after poison"));

            ConsumerRecord<String, byte[]> dead = KafkaTestClient.await(
                    Topics.deadLetter(Topics.VEHICLE_ASSIGNMENTS), r -> badKey.equals(r.key()), WAIT);
            assertThat(KafkaTestClient.header(dead, Headers.DEAD_LETTER_REASON))
                    .contains("not a VIN, no vehicle topic for it: " + badKey);
            KafkaTestClient.await(Topics.deadLetter(Topics.DIRECTOR_METADATA), r -> vehicle.vin.equals(r.key()), WAIT);
            JsonNode cancel = vehicle.nextCommand(WAIT).orElseThrow();
            assertThat(cancel.path("reason").asString()).isEqualTo("after poison");
            assertThat(vehicle.nextCommand(Duration.ofSeconds(1)))
                    .as("the vehicle got nothing from the poison")
                    .isEmpty();
        }
    }

    /** A version manifest signed as a primary signs it, with one signed ECU report. */
    static String signedManifest(String vin) {
        Signer primary = Signers.generate(Scheme.ED25519);
        var report = new EcuVersionReport(
                "TCU-1",
                "hw-tcu",
                "tcu-fw/1.0.0.bin",
                10,
                Map.of("sha256", "00".repeat(32)),
                1,
                List.of(),
                UUID.randomUUID().toString(),
                Instant.now());
        var manifest = new VehicleVersionManifest(
                vin, "TCU-1", Instant.now(), Map.of("TCU-1", Manifests.signReport(report, primary)));
        return Manifests.signManifest(manifest, primary).toJson();
    }

    private static UpdateProgress progressOf(String vin) {
        return new UpdateProgress(
                UUID.randomUUID(), Instant.now(), vin, UUID.randomUUID(), null, InstallPhase.RECEIVED, null);
    }

    /** Whether the record is the report the vehicle sent under {@code vehicleEventId}. */
    private static boolean isEvent(ConsumerRecord<String, byte[]> record, UUID vehicleEventId) {
        return KafkaTestClient.eventOf(record, UpdateProgress.class).isPresent()
                && VehicleEventIds.vehicleEventId(record.value())
                        .filter(vehicleEventId::equals)
                        .isPresent();
    }

    private static EcuTarget target() {
        return new EcuTarget(
                "ECU-1",
                "hw-a",
                "brake-ctl",
                "2.0.0",
                "brake-ctl/2.0.0.bin",
                3,
                1024,
                Map.of("sha256", "00".repeat(32)));
    }

    @Test
    void spreadsVehicleMessagesOverEveryMqttSessionAndForwardsEachOfThem() throws Exception {
        Awaitility.await()
                .atMost(WAIT)
                .untilAsserted(() -> assertThat(meters.get("ota.gateway.mqtt.sessions.connected")
                                .gauge()
                                .value())
                        .isEqualTo(2.0));
        List<TestVehicle> vehicles = List.of(TestVehicle.online(), TestVehicle.online(), TestVehicle.online());
        try {
            Set<UUID> sent = new HashSet<>();
            for (int i = 0; i < 150; i++) {
                TestVehicle vehicle = vehicles.get(i % vehicles.size());
                UpdateProgress progress = progressOf(vehicle.vin);
                sent.add(progress.eventId());
                vehicle.publish(Channel.STATUS, progress);
            }
            Set<String> vins = vehicles.stream().map(v -> v.vin).collect(Collectors.toSet());
            List<ConsumerRecord<String, byte[]>> forwarded =
                    KafkaTestClient.awaitAll(Topics.VEHICLE_REPORTS, r -> vins.contains(r.key()), 150, WAIT);
            assertThat(forwarded)
                    .extracting(r -> VehicleEventIds.vehicleEventId(r.value()).orElseThrow())
                    .containsExactlyInAnyOrderElementsOf(sent);
            for (String session : List.of("1", "2")) {
                assertThat(meters.get("ota.gateway.uplink.received")
                                .tag("session", session)
                                .counter()
                                .count())
                        .as("messages received by session %s", session)
                        .isPositive();
            }
            Awaitility.await()
                    .atMost(WAIT)
                    .untilAsserted(() -> assertThat(meters.get("ota.gateway.uplink.in_flight")
                                    .gauge()
                                    .value())
                            .isZero());
        } finally {
            vehicles.forEach(TestVehicle::close);
        }
    }

    @Test
    void exportsTheConnectedVehiclesTheBrokerReportsAndDoesNotTreatTheReportAsAVehicleMessage() throws Exception {
        String topic = ConnectedVehiclesReport.topic("it-broker");
        try (TestVehicle broker = TestVehicle.online()) {
            broker.publishRetained(topic, ConnectedVehiclesReport.payload(4_321));
            Awaitility.await()
                    .atMost(WAIT)
                    .untilAsserted(() -> assertThat(meters.get("ota.gateway.broker.vehicles.connected")
                                    .gauge()
                                    .value())
                            .isEqualTo(4_321.0));

            var marker = progressOf(broker.vin);
            broker.publish(Channel.STATUS, marker);
            KafkaTestClient.await(Topics.VEHICLE_REPORTS, r -> isEvent(r, marker.eventId()), WAIT);
            assertThat(KafkaTestClient.readAll(Topics.deadLetter(Topics.VEHICLE_REPORTS)))
                    .noneMatch(r -> KafkaTestClient.header(r, Headers.DEAD_LETTER_SOURCE_POSITION)
                            .filter(topic::equals)
                            .isPresent());

            broker.publishRetained(topic, new byte[0]);
            Awaitility.await()
                    .atMost(WAIT)
                    .untilAsserted(() -> assertThat(meters.get("ota.gateway.broker.vehicles.connected")
                                    .gauge()
                                    .value())
                            .isZero());
        }
    }
}

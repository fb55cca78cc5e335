package dev.ota.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.campaign.images.ImageCatalogue;
import dev.ota.campaign.registry.VehicleRegistration;
import dev.ota.campaign.registry.VehicleRegistry;
import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.EcuKeysRegistered;
import dev.ota.contracts.events.ImageRevoked;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.contracts.events.ManifestRefused;
import dev.ota.contracts.events.ManifestReported;
import dev.ota.contracts.events.ManifestVerified;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.WithRealInfrastructure;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure(database = "campaign")
class RegistryAndTargetingIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    VehicleRegistry registry;

    @Autowired
    ImageCatalogue images;

    Api api;
    Fleet fleet;
    ImageSigned current;

    @BeforeEach
    void fleet() {
        api = new Api(port);
        fleet = new Fleet(registry, images);
        current = fleet.sign("brake-ctrl", "2.4.0-" + fleet.tag(), Fleet.BRAKE, 41);
    }

    private static Map<String, Object> registration(String vin, String tag, boolean withKeys) {
        Map<String, Object> gateway = new java.util.LinkedHashMap<>(
                Map.of("serial", "GW-" + vin, "hardwareId", Fleet.GATEWAY, "primary", true));
        Map<String, Object> brake = new java.util.LinkedHashMap<>(
                Map.of("serial", "BRK-" + vin, "hardwareId", Fleet.BRAKE, "primary", false));
        if (withKeys) {
            gateway.put("publicKey", Fleet.publicKey(Fleet.keys(vin).primary()));
            brake.put("publicKey", Fleet.publicKey(Fleet.keys(vin).brake()));
        }
        return Map.of(
                "vin",
                vin,
                "model",
                "ID.7",
                "modelYear",
                2025,
                "region",
                "EU",
                "market",
                "DE",
                "tags",
                List.of(tag),
                "timeZone",
                "Europe/Berlin",
                "ecus",
                List.of(gateway, brake));
    }

    @Test
    void ecuKeysComeOnlyFromAProvisionerAndAManifestSignedWithThemIsPublishedAsAVerifiedFact() {
        String vin = fleet.vin(1);
        assertThat(api.post("rita", "RELEASE_ENGINEER", "/api/vehicles/" + vin, "x")
                        .status())
                .as("anything not explicitly allowed is denied")
                .isEqualTo(403);
        Api.Reply byReleaseEngineer = put(vin, registration(vin, fleet.tag(), true));
        assertThat(byReleaseEngineer.status()).isEqualTo(403);
        assertThat(byReleaseEngineer.body().path("detail").asString())
                .contains("only a vehicle provisioner may register or replace the key of ECU");
        Api.Reply registered = new PutClient(port)
                .put(
                        "factory-line",
                        "VEHICLE_PROVISIONER",
                        "/api/vehicles/" + vin,
                        registration(vin, fleet.tag(), true));
        assertThat(registered.status()).as(registered.body().toString()).isEqualTo(200);
        assertThat(put(vin, registration(vin, fleet.tag(), false)).status())
                .as("attributes without keys: the registered keys are kept")
                .isEqualTo(200);
        var keysRegistered = KafkaTestClient.await(
                Topics.VEHICLE_INVENTORY,
                r -> KafkaTestClient.eventOf(r, EcuKeysRegistered.class)
                        .map(e -> e.vin().equals(vin))
                        .orElse(false),
                WAIT);
        EcuKeysRegistered keys =
                KafkaTestClient.eventOf(keysRegistered, EcuKeysRegistered.class).orElseThrow();
        assertThat(keys.registeredBy()).isEqualTo("factory-line");
        assertThat(keys.keys())
                .extracting(EcuKeysRegistered.RegisteredKey::keyId)
                .containsExactlyInAnyOrder(
                        Fleet.keys(vin).primary().publicKey().keyId(),
                        Fleet.keys(vin).brake().publicKey().keyId());

        ManifestReported report = new ManifestReported(
                UUID.randomUUID(), Instant.now(), vin, Fleet.manifest(vin, current, 48.137, 11.575));
        KafkaTestClient.send(report);

        await().atMost(WAIT).until(() -> registry.find(vin).orElseThrow().manifestAt() != null);
        JsonNode vehicle = api.get("olga", "FLEET_OPS", "/api/vehicles/" + vin).body();
        assertThat(vehicle.path("latitude").asDouble()).isEqualTo(48.137);
        JsonNode brake = vehicle.path("ecus").get(1);
        assertThat(brake.path("hardwareId").asString()).isEqualTo(Fleet.BRAKE);
        assertThat(brake.path("imageName").asString()).isEqualTo("brake-ctrl");
        assertThat(brake.path("version").asString()).isEqualTo(current.version());
        assertThat(brake.path("releaseCounter").asLong()).isEqualTo(41);
        assertThat(brake.path("keyId").asString())
                .isEqualTo(Fleet.keys(vin).brake().publicKey().keyId());
        var fact = KafkaTestClient.await(
                Topics.VEHICLE_INVENTORY,
                r -> KafkaTestClient.eventOf(r, ManifestVerified.class)
                        .map(e -> e.reportEventId().equals(report.eventId()))
                        .orElse(false),
                WAIT);
        ManifestVerified verified =
                KafkaTestClient.eventOf(fact, ManifestVerified.class).orElseThrow();
        assertThat(verified.ecus()).singleElement().satisfies(ecu -> {
            assertThat(ecu.ecuSerial()).isEqualTo("BRK-" + vin);
            assertThat(ecu.targetPath()).isEqualTo(current.targetPath());
            assertThat(ecu.hashes()).isEqualTo(current.hashes());
            assertThat(ecu.version()).isEqualTo(current.version());
        });
    }

    @Test
    void manifestFromAnUnregisteredVinIsDeadLetteredAndRecordedAsRefused() {
        String vin = fleet.vin(999);
        ManifestReported stray =
                new ManifestReported(UUID.randomUUID(), Instant.now(), vin, Fleet.manifest(vin, current, 1, 1));

        KafkaTestClient.send(stray);

        assertRefused(stray, "UNREGISTERED_VEHICLE");
    }

    @Test
    void aForgedReplayedWideningOrRelabellingManifestIsRefusedWithItsReasonAndChangesNothing() {
        String vin = fleet.vin(2);
        new PutClient(port)
                .put(
                        "factory-line",
                        "VEHICLE_PROVISIONER",
                        "/api/vehicles/" + vin,
                        registration(vin, fleet.tag(), true));
        ManifestReported honest =
                new ManifestReported(UUID.randomUUID(), Instant.now(), vin, Fleet.manifest(vin, current, 48, 11));
        KafkaTestClient.send(honest);
        await().atMost(WAIT).until(() -> registry.find(vin).orElseThrow().manifestAt() != null);
        var before = registry.find(vin).orElseThrow();
        ImageSigned evil = fleet.sign("brake-ctrl", "6.6.6-" + fleet.tag(), Fleet.BRAKE, 99);

        ManifestReported forged = new ManifestReported(
                UUID.randomUUID(),
                Instant.now(),
                vin,
                Fleet.manifest(vin, evil, 48, 11, Fleet.keys(vin).primary(), Signers.generate(Scheme.ED25519)));
        ManifestReported replayed = new ManifestReported(UUID.randomUUID(), Instant.now(), vin, honest.manifest());
        ManifestReported widening = new ManifestReported(
                UUID.randomUUID(),
                Instant.now(),
                vin,
                Fleet.manifestWithEcu(vin, current, "TCU-" + vin, "telematics-v9"));
        ManifestReported relabelled = new ManifestReported(
                UUID.randomUUID(),
                Instant.now(),
                vin,
                Fleet.manifestWithEcu(vin, current, "BRK-" + vin, "telematics-v9"));
        for (ManifestReported attack : List.of(forged, replayed, widening, relabelled)) {
            KafkaTestClient.send(attack);
        }

        assertRefused(forged, "ECU_SIGNATURE");
        assertRefused(replayed, "NONCE_REPLAYED");
        assertRefused(widening, "UNKNOWN_ECU");
        assertRefused(relabelled, "HARDWARE_ID_MISMATCH");
        var after = registry.find(vin).orElseThrow();
        assertThat(after.ecus()).isEqualTo(before.ecus());
        assertThat(after.manifestAt()).isEqualTo(before.manifestAt());
        assertThat(total("tag==" + fleet.tag() + ";ecu.telematics-v9.version==" + current.version()))
                .as("no campaign by hardware id is widened by what a vehicle claims")
                .isZero();
    }

    private void assertRefused(ManifestReported report, String reason) {
        var dead = KafkaTestClient.await(
                Topics.deadLetter(Topics.VEHICLE_REPORTS),
                r -> KafkaTestClient.eventOf(r, ManifestReported.class)
                        .map(e -> e.eventId().equals(report.eventId()))
                        .orElse(false),
                WAIT);
        assertThat(KafkaTestClient.header(dead, Headers.DEAD_LETTER_REASON).orElseThrow())
                .startsWith("manifest refused: " + reason + ": ");
        var recorded = KafkaTestClient.await(
                Topics.VEHICLE_INVENTORY,
                r -> KafkaTestClient.eventOf(r, ManifestRefused.class)
                        .map(e -> e.reportEventId().equals(report.eventId()))
                        .orElse(false),
                WAIT);
        assertThat(KafkaTestClient.eventOf(recorded, ManifestRefused.class)
                        .orElseThrow()
                        .reason())
                .isEqualTo(reason);
    }

    @Test
    void invalidRegistrationIsRefusedWithTheFieldThatIsWrong() {
        Api.Reply refused = put("NOT-A-VIN", Map.of("vin", "NOT-A-VIN", "model", "ID.7", "ecus", List.of()));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().toString()).contains("must be a 17-character VIN");
    }

    @Test
    void previewCountsMatchingVehiclesByModelAndRegion() {
        fleet.vehicles(0, 12, List.of("ID.4", "ID.3", "ID.Buzz"), List.of("EU", "NA"), current);

        Api.Reply preview = api.post(
                "rita",
                "RELEASE_ENGINEER",
                "/api/targeting/preview",
                Map.of("type", "query", "query", "tag==" + fleet.tag() + ";model=in=(ID.4,ID.3)"));

        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.body().path("total").asLong()).isEqualTo(8);
        assertThat(preview.body().path("byModel").path("ID.4").asLong()).isEqualTo(4);
        assertThat(preview.body().path("byRegion").path("NA").asLong()).isEqualTo(4);
    }

    @Test
    void previewSelectsByInstalledSoftwareFromManifests() {
        fleet.vehicles(0, 3, List.of("ID.4"), List.of("EU"), current);
        ImageSigned newer = fleet.sign("brake-ctrl", "2.4.1-" + fleet.tag(), Fleet.BRAKE, 42);
        fleet.report(fleet.vin(0), newer, 52.5, 13.4);

        Api.Reply outdated = api.post(
                "rita",
                "RELEASE_ENGINEER",
                "/api/targeting/preview",
                Map.of(
                        "type",
                        "query",
                        "query",
                        "tag==" + fleet.tag() + ";ecu." + Fleet.BRAKE + ".releaseCounter=lt=42"));

        assertThat(outdated.body().path("total").asLong()).isEqualTo(2);
    }

    @Test
    void installedSoftwareQueriesFollowEveryManifestAndTellAnUnreportedEcuFromAMissingOne() {
        fleet.vehicles(0, 3, List.of("ID.4"), List.of("EU"), current);
        ImageSigned newer = fleet.sign("brake-ctrl", "2.4.1-" + fleet.tag(), Fleet.BRAKE, 42);
        fleet.report(fleet.vin(0), newer, 52.5, 13.4);
        fleet.report(fleet.vin(1), newer, 52.5, 13.4);
        fleet.report(fleet.vin(1), current, 52.5, 13.4); // downgraded again by a later manifest
        registry.register(
                new VehicleRegistration(
                        fleet.vin(3),
                        "ID.4",
                        2024,
                        "EU",
                        "DE",
                        List.of(fleet.tag()),
                        "Europe/Berlin",
                        List.of(new VehicleRegistration.EcuRegistration("BRK-" + fleet.vin(3), Fleet.BRAKE, false))),
                "rita",
                false);
        registry.register(
                new VehicleRegistration(
                        fleet.vin(4),
                        "ID.4",
                        2024,
                        "EU",
                        "DE",
                        List.of(fleet.tag()),
                        "Europe/Berlin",
                        List.of(new VehicleRegistration.EcuRegistration("GW-" + fleet.vin(4), Fleet.GATEWAY, true))),
                "rita",
                false);
        String fleetTag = "tag==" + fleet.tag() + ";";
        String brake = "ecu." + Fleet.BRAKE;

        assertThat(total(fleetTag + brake + ".version==" + newer.version())).isEqualTo(1);
        assertThat(total(fleetTag + brake + ".releaseCounter=ge=41")).isEqualTo(3);
        assertThat(total(fleetTag + brake + ".image==brake-*")).isEqualTo(3);
        assertThat(total(fleetTag + brake + ".version!=" + current.version()))
                .as("vehicle 0 runs the newer version, vehicle 3's brake ECU has reported none; 4 has no brake ECU")
                .isEqualTo(2);
        assertThat(total(fleetTag + brake + ".releaseCounter=out=(41)")).isEqualTo(2);
        assertThat(total(fleetTag + "hardwareId!=" + Fleet.BRAKE)).isEqualTo(1);
    }

    private long total(String query) {
        Api.Reply reply =
                api.post("rita", "RELEASE_ENGINEER", "/api/targeting/preview", Map.of("type", "query", "query", query));
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
        return reply.body().path("total").asLong();
    }

    @Test
    void savedSegmentCanBePreviewedByName() {
        fleet.vehicles(0, 5, List.of("ID.4"), List.of("EU"), current);
        String name = "segment-" + fleet.tag();
        Api.Reply saved = api.post(
                "rita",
                "RELEASE_ENGINEER",
                "/api/segments",
                Map.of("name", name, "query", "tag==" + fleet.tag(), "description", "test fleet"));
        assertThat(saved.status()).isEqualTo(201);

        Api.Reply preview =
                api.post("olga", "FLEET_OPS", "/api/targeting/preview", Map.of("type", "segment", "segment", name));

        assertThat(preview.body().path("total").asLong()).isEqualTo(5);
        assertThat(api.post("rita", "RELEASE_ENGINEER", "/api/segments", Map.of("name", name, "query", "tag==x"))
                        .status())
                .isEqualTo(409);
    }

    @Test
    void previewOfAnUnknownSegmentOrBadQueryIsABadRequest() {
        Api.Reply unknown = api.post(
                "rita", "RELEASE_ENGINEER", "/api/targeting/preview", Map.of("type", "segment", "segment", "nope"));
        Api.Reply bad = api.post(
                "rita", "RELEASE_ENGINEER", "/api/targeting/preview", Map.of("type", "query", "query", "model=="));

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text("detail")).isEqualTo("no fleet segment named 'nope'");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text("detail")).startsWith("expected a value");
    }

    @Test
    void revokedImageCannotBeShippedInANewCampaign() {
        ImageSigned doomed = fleet.sign("brake-ctrl", "2.5.0-" + fleet.tag(), Fleet.BRAKE, 50);
        KafkaTestClient.send(new ImageRevoked(
                UUID.randomUUID(), Instant.now(), "brake-ctrl", doomed.version(), doomed.targetPath(), "CVE", "alice"));
        await().atMost(WAIT)
                .until(() -> images.find("brake-ctrl", doomed.version())
                        .orElseThrow()
                        .revoked());

        Api.Reply refused = api.post(
                "rita",
                "RELEASE_ENGINEER",
                "/api/campaigns",
                CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", doomed.version(), 100));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("detail")).isEqualTo("image brake-ctrl " + doomed.version() + " was revoked");
    }

    private Api.Reply put(String vin, Map<String, Object> body) {
        return new PutClient(port).put("rita", "RELEASE_ENGINEER", "/api/vehicles/" + vin, body);
    }

    /** PUT over real HTTP. */
    record PutClient(int port) {

        Api.Reply put(String who, String role, String path, Object body) {
            var client = org.springframework.web.client.RestClient.builder()
                    .baseUrl("http://127.0.0.1:" + port)
                    .build();
            return client.put()
                    .uri(path)
                    .header("Authorization", dev.ota.testsupport.TestTokens.authorization(who, role))
                    .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                    .body(JsonMapper.builder().build().writeValueAsString(body))
                    .exchange((request, response) -> new Api.Reply(
                            response.getStatusCode().value(),
                            JsonMapper.builder().build().readTree(response.bodyTo(String.class))));
        }
    }
}

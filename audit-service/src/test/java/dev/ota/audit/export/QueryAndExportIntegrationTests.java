package dev.ota.audit.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.audit.AuditApi;
import dev.ota.audit.AuditServiceTest;
import dev.ota.audit.TestEvents;
import dev.ota.audit.bundle.BundleVerifier;
import dev.ota.audit.bundle.VerifyBundleCommand;
import dev.ota.audit.log.AuditLog;
import dev.ota.audit.note.NoteKey;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.OtaEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@AuditServiceTest
class QueryAndExportIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    AuditLog log;

    AuditApi api;
    String vin;
    UUID campaign;
    Instant started;

    @BeforeEach
    void aVehicleUpdatedTwiceInOneCampaign() {
        api = new AuditApi(port);
        vin = "WVWZZZ1JZQ" + (System.nanoTime() % 10_000_000);
        campaign = UUID.randomUUID();
        started = Instant.now().minusSeconds(1);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        List<OtaEvent> events = List.of(
                TestEvents.campaignCreated(campaign),
                TestEvents.campaignApproved(campaign),
                TestEvents.stageStarted(campaign),
                TestEvents.manifestVerified(vin, TestEvents.brake("2.3.9", "99")),
                TestEvents.updateAssigned(vin, campaign, first, TestEvents.brake("2.4.0", "aa")),
                TestEvents.progress(vin, first, InstallPhase.INSTALLING),
                TestEvents.progress(vin, first, InstallPhase.SUCCEEDED),
                TestEvents.verdict(campaign),
                TestEvents.updateAssigned(vin, campaign, second, TestEvents.brake("2.4.1", "bb")),
                TestEvents.progress(vin, second, InstallPhase.SUCCEEDED),
                TestEvents.rollbackDecided(campaign));
        events.forEach(TestEvents::send);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> events.stream()
                        .allMatch(e -> log.entry(TestEvents.loggedId(e)).isPresent()));
    }

    @Test
    void aVehiclesHistoryShowsEachEcuBeforeAndAfterEveryUpdateWithHashesCampaignAndOutcome() {
        JsonNode history = api.json(api.get("/api/audit/vehicles/" + vin + "/history", "AUDITOR"));
        JsonNode ecu = history.get("ecus").get(0);
        assertThat(ecu.get("ecuSerial").asString()).isEqualTo("ECU-BRAKE-0001");
        assertThat(ecu.get("installed").get("version").asString()).isEqualTo("2.4.1");
        JsonNode changes = ecu.get("changes");
        assertThat(changes.size()).isEqualTo(2);
        assertThat(changes.get(0).get("before").get("version").asString())
                .as("the first update's before comes from the last verified manifest")
                .isEqualTo("2.3.9");
        assertThat(changes.get(0).get("before").get("hashes").get("sha256").asString())
                .isEqualTo("99".repeat(32));
        JsonNode second = changes.get(1);
        assertThat(second.get("before").get("version").asString()).isEqualTo("2.4.0");
        assertThat(second.get("before").get("hashes").get("sha256").asString()).isEqualTo("aa".repeat(32));
        assertThat(second.get("after").get("version").asString()).isEqualTo("2.4.1");
        assertThat(second.get("after").get("hashes").get("sha256").asString()).isEqualTo("bb".repeat(32));
        assertThat(second.get("campaignId").asString()).isEqualTo(campaign.toString());
        assertThat(second.get("outcome").asString()).isEqualTo("SUCCEEDED");
        assertThat(second.get("evidence").size()).isEqualTo(2);
        assertThat(history.get("entries").size()).isEqualTo(6);
        assertThat(history.get("entries").get(0).get("leafHash").asString()).hasSize(64);
    }

    @Test
    void aCampaignsRecordNamesItsCreatorApproverDecisionsVerdictsRollbacksAndOutcomes() {
        JsonNode record = api.json(api.get("/api/audit/campaigns/" + campaign + "/record", "AUDITOR"));
        assertThat(record.get("created").get("who").asString()).isEqualTo("rita");
        assertThat(record.get("approvals").get(0).get("who").asString()).isEqualTo("aaron");
        assertThat(record.get("stageDecisions").get(0).get("what").asString()).contains("stage 1 started");
        assertThat(record.get("verdicts").get(0).get("what").asString()).contains("PASS");
        assertThat(record.get("rollbacks").size()).isEqualTo(1);
        assertThat(record.get("assignmentOutcomes").get("SUCCEEDED").asLong()).isEqualTo(2);
        assertThat(record.get("entries").size()).isEqualTo(10);
    }

    @Test
    void eventsAreFoundByTimeRangeAndType() {
        JsonNode found = api.json(api.get(
                "/api/audit/events?from=" + started + "&to=" + Instant.now().plusSeconds(60)
                        + "&type=ota.UpdateAssigned.v1&limit=1000",
                "AUDITOR"));
        assertThat(found.valueStream().filter(e -> vin.equals(e.get("key").asString())))
                .hasSize(2);
        assertThat(found.valueStream()).allMatch(e -> e.get("type").asString().equals("ota.UpdateAssigned.v1"));
    }

    @Test
    void exportsVerifyOfflineInBothFormatsAndFailAfterAByteIsChanged(@TempDir Path dir) throws Exception {
        String key = api.json(api.get("/api/audit/checkpoints/key", "AUDITOR"))
                .get("verifierKey")
                .asString();
        for (String path : List.of(
                "/api/audit/exports/vehicles/" + vin + "?format=jsonl",
                "/api/audit/exports/vehicles/" + vin + "?format=csv",
                "/api/audit/exports/campaigns/" + campaign,
                "/api/audit/exports/events?from=" + started + "&to="
                        + Instant.now().plusSeconds(60) + "&format=csv")) {
            HttpResponse<byte[]> export = download(path);
            assertThat(export.statusCode()).as(path).isEqualTo(200);
            BundleVerifier.Result result = BundleVerifier.verify(export.body(), NoteKey.parseVerifierKey(key));
            assertThat(result.valid()).as(path + ": " + result.message()).isTrue();

            Path file = Files.write(dir.resolve("bundle"), export.body());
            assertThat(VerifyBundleCommand.run(new String[] {"--key", key, file.toString()}, quiet(), quiet()))
                    .as("offline verifier on %s", path)
                    .isZero();
            byte[] tampered = export.body().clone();
            tampered[tampered.length / 3] ^= 0x04;
            Files.write(file, tampered);
            assertThat(VerifyBundleCommand.run(new String[] {"--key", key, file.toString()}, quiet(), quiet()))
                    .as("offline verifier on a tampered %s", path)
                    .isEqualTo(1);
        }
        assertThat(BundleVerifier.verify(
                                download("/api/audit/exports/vehicles/" + vin).body(), NoteKey.parseVerifierKey(key))
                        .entries())
                .as("the 6 entries about the vehicle, and the creation and approval of the campaign that updated it")
                .isEqualTo(8);
    }

    @Test
    void refusesBadQueriesWithProblemDetailsAndOtherRoles() {
        assertThat(api.get("/api/audit/vehicles/" + vin + "/history", "FLEET_OPS")
                        .statusCode())
                .isEqualTo(403);
        assertThat(api.get("/api/audit/exports/vehicles/" + vin, "RELEASE_ENGINEER")
                        .statusCode())
                .isEqualTo(403);
        assertThat(api.get("/api/audit/exports/vehicles/" + vin).statusCode()).isEqualTo(401);
        var format = api.get("/api/audit/exports/vehicles/" + vin + "?format=xml", "AUDITOR");
        assertThat(format.statusCode()).isEqualTo(400);
        assertThat(format.body()).contains("jsonl or csv");
        assertThat(api.get("/api/audit/vehicles/bad%20vin!/history", "AUDITOR").statusCode())
                .isEqualTo(400);
        assertThat(api.get("/api/audit/vehicles/NOSUCHVIN000000/history", "AUDITOR")
                        .statusCode())
                .isEqualTo(404);
        assertThat(api.get("/api/audit/campaigns/not-a-uuid/record", "AUDITOR").statusCode())
                .isEqualTo(400);
        assertThat(api.get("/api/audit/events?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "AUDITOR")
                        .statusCode())
                .isEqualTo(400);
        assertThat(api.get("/api/audit/events?from=yesterday&to=2026-01-01T00:00:00Z", "AUDITOR")
                        .statusCode())
                .isEqualTo(400);
        assertThat(api.get("/api/audit/events?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&limit=0", "AUDITOR")
                        .statusCode())
                .isEqualTo(400);
    }

    private HttpResponse<byte[]> download(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header("Authorization", dev.ota.testsupport.TestTokens.authorization("ada", "AUDITOR"))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}

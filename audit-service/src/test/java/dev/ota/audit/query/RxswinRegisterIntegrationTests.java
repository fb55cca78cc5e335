package dev.ota.audit.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.audit.AuditApi;
import dev.ota.audit.AuditServiceTest;
import dev.ota.audit.TestEvents;
import dev.ota.audit.bundle.BundleVerifier;
import dev.ota.audit.log.AuditLog;
import dev.ota.audit.note.NoteKey;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an auditor sees of one vehicle updated by three campaigns, through Kafka and PostgreSQL: one campaign declares
 * an RXSWIN and its assignment carries it, one was logged before assignments carried an RXSWIN (only its creation
 * declared one), one declares none.
 */
@AuditServiceTest
class RxswinRegisterIntegrationTests {

    private static final String BRAKES = "R13H-BRK-0241";
    private static final String EMC = "R10-EMC-0007";

    @LocalServerPort
    int port;

    @Autowired
    AuditLog log;

    AuditApi api;
    String vin;
    UUID declaring;
    UUID olderProducer;
    UUID undeclared;

    @BeforeEach
    void aVehicleUpdatedByThreeCampaigns() {
        api = new AuditApi(port);
        vin = "WVWZZZ1JZR" + (System.nanoTime() % 10_000_000);
        declaring = UUID.randomUUID();
        olderProducer = UUID.randomUUID();
        undeclared = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        List<OtaEvent> events = List.of(
                TestEvents.campaignCreated(declaring, BRAKES),
                TestEvents.campaignApproved(declaring),
                TestEvents.updateAssigned(vin, declaring, first, TestEvents.brake("2.4.0", "aa"), BRAKES),
                TestEvents.progress(vin, first, InstallPhase.SUCCEEDED),
                TestEvents.campaignCreated(olderProducer, EMC),
                TestEvents.updateAssigned(vin, olderProducer, second, TestEvents.brake("2.4.1", "bb")),
                TestEvents.progress(vin, second, InstallPhase.FAILED),
                TestEvents.campaignCreated(undeclared),
                TestEvents.campaignApproved(undeclared),
                TestEvents.updateAssigned(vin, undeclared, third, TestEvents.brake("2.5.0", "cc")),
                TestEvents.progress(vin, third, InstallPhase.SUCCEEDED));
        // the events travel on three topics: each is logged before the next is sent, so the log keeps their order
        for (OtaEvent event : events) {
            TestEvents.send(event);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> log.entry(TestEvents.loggedId(event)).isPresent());
        }
    }

    private static @Nullable String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asString();
    }

    @Test
    void theHistoryGroupsUpdatesUnderTheRxswinTheirCampaignDeclaredWithBeforeAfterApprovalsAndOutcome() {
        JsonNode history = api.json(api.get("/api/audit/vehicles/" + vin + "/history", "AUDITOR"));
        JsonNode registers = history.get("rxswins");
        assertThat(registers.valueStream().map(r -> text(r.get("rxswin")))).containsExactly(BRAKES, EMC, null);

        JsonNode brakes = registers.get(0);
        assertThat(brakes.get("declared").asBoolean()).isTrue();
        JsonNode update = brakes.get("updates").get(0);
        assertThat(update.get("kind").asString()).isEqualTo("UPDATE");
        assertThat(update.get("outcome").asString()).isEqualTo("SUCCEEDED");
        assertThat(update.get("campaign").get("campaignId").asString()).isEqualTo(declaring.toString());
        assertThat(update.get("campaign").get("createdBy").asString()).isEqualTo("rita");
        assertThat(update.get("campaign")
                        .get("approvals")
                        .get(0)
                        .get("approvedBy")
                        .asString())
                .isEqualTo("aaron");
        JsonNode ecu = update.get("ecus").get(0);
        assertThat(ecu.get("ecuSerial").asString()).isEqualTo("ECU-BRAKE-0001");
        assertThat(ecu.get("before").isNull()).isTrue();
        assertThat(ecu.get("after").get("version").asString()).isEqualTo("2.4.0");
        assertThat(ecu.get("after").get("hashes").get("sha256").asString()).isEqualTo("aa".repeat(32));

        JsonNode emc = registers.get(1).get("updates").get(0);
        assertThat(emc.get("outcome").asString()).isEqualTo("FAILED");
        assertThat(emc.get("campaign").get("approvals").size()).isZero();
        assertThat(emc.get("ecus").get(0).get("before").get("version").asString())
                .isEqualTo("2.4.0");
        assertThat(emc.get("ecus")
                        .get(0)
                        .get("after")
                        .get("hashes")
                        .get("sha256")
                        .asString())
                .isEqualTo("bb".repeat(32));

        JsonNode none = registers.get(2);
        assertThat(none.get("declared").asBoolean()).isFalse();
        assertThat(none.get("description").asString()).contains("declared no RXSWIN");
        JsonNode last = none.get("updates").get(0);
        assertThat(last.get("campaign").get("campaignId").asString()).isEqualTo(undeclared.toString());
        assertThat(last.get("ecus").get(0).get("before").get("version").asString())
                .as("the failed 2.4.1 never became the installed software")
                .isEqualTo("2.4.0");
        assertThat(last.get("ecus").get(0).get("after").get("version").asString())
                .isEqualTo("2.5.0");

        JsonNode changes = history.get("ecus").get(0).get("changes");
        assertThat(changes.valueStream().map(c -> text(c.get("rxswin")))).containsExactly(BRAKES, EMC, null);
    }

    @Test
    void theVehiclesExportCarriesTheRxswinOfEachAssignmentAndTheCampaignsThatDeclaredItAndVerifies() throws Exception {
        String key = api.json(api.get("/api/audit/checkpoints/key", "AUDITOR"))
                .get("verifierKey")
                .asString();
        HttpResponse<String> export = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://localhost:" + port + "/api/audit/exports/vehicles/" + vin))
                                .header("Authorization", TestTokens.authorization("auditor", "AUDITOR"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(export.statusCode()).isEqualTo(200);
        BundleVerifier.Result result =
                BundleVerifier.verify(export.body().getBytes(StandardCharsets.UTF_8), NoteKey.parseVerifierKey(key));
        assertThat(result.valid()).as(result.message()).isTrue();
        assertThat(result.entries())
                .as("6 about the vehicle, 3 creations and 2 approvals")
                .isEqualTo(11);

        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> events = export.body()
                .lines()
                .skip(1)
                .map(json::readTree)
                .map(line -> json.readTree(
                        Base64.getDecoder().decode(line.get("payload").asString())))
                .toList();
        assertThat(events.stream()
                        .filter(e -> e.get("type").asString().equals("ota.UpdateAssigned.v1"))
                        .map(e -> text(e.get("rxswin"))))
                .containsExactly(BRAKES, null, null);
        assertThat(events.stream()
                        .filter(e -> e.get("type").asString().equals("ota.CampaignCreated.v1"))
                        .map(e -> text(e.get("rxswin"))))
                .containsExactly(BRAKES, EMC, null);
    }
}

package dev.ota.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.campaign.images.ImageCatalogue;
import dev.ota.campaign.registry.VehicleRegistry;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.CampaignCompleted;
import dev.ota.contracts.events.CampaignPaused;
import dev.ota.contracts.events.CampaignRolledBack;
import dev.ota.contracts.events.CompatibilityChecked;
import dev.ota.contracts.events.CompatibilityRoundChecked;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.RollbackCompleted;
import dev.ota.contracts.events.RollbackDecided;
import dev.ota.contracts.events.StageStarted;
import dev.ota.contracts.events.StageVerdict;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.contracts.events.VerdictOutcome;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.WithRealInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ota.campaign.rollout.gate-interval=200ms", "ota.campaign.rollout.dispatch-interval=100ms"})
@WithRealInfrastructure(database = "campaign")
class StagedRolloutIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    VehicleRegistry registry;

    @Autowired
    ImageCatalogue images;

    @Autowired
    JdbcClient jdbc;

    Api api;
    Fleet fleet;
    ImageSigned current;
    ImageSigned next;

    @BeforeEach
    void fleet() {
        api = new Api(port);
        fleet = new Fleet(registry, images);
        current = fleet.sign("brake-ctrl", "2.4.0-" + fleet.tag(), Fleet.BRAKE, 41);
        next = fleet.sign("brake-ctrl", "2.4.1-" + fleet.tag(), Fleet.BRAKE, 42);
    }

    private UUID approvedCampaign(Map<String, Object> body) {
        Api.Reply created = api.post("rita", "RELEASE_ENGINEER", "/api/campaigns", body);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String id = created.text("id");
        api.post("rita", "RELEASE_ENGINEER", "/api/campaigns/" + id + "/submit", "{}");
        assertThat(api.post("aaron", "APPROVER", "/api/campaigns/" + id + "/approve", Api.reason("ok"))
                        .text("state"))
                .isEqualTo("APPROVED");
        return UUID.fromString(id);
    }

    private Api.Reply start(UUID id) {
        return api.post("olga", "FLEET_OPS", "/api/campaigns/" + id + "/start", Api.reason("go"));
    }

    private static List<UpdateAssigned> assignments(UUID campaign) {
        return KafkaTestClient.readAll(Topics.VEHICLE_ASSIGNMENTS).stream()
                .flatMap(r -> KafkaTestClient.eventOf(r, UpdateAssigned.class).stream())
                .filter(a -> a.campaignId().equals(campaign))
                .toList();
    }

    private static <E extends dev.ota.contracts.events.OtaEvent> E awaitEvent(
            String topic, Class<E> type, java.util.function.Predicate<E> match) {
        ConsumerRecord<String, byte[]> record = KafkaTestClient.await(
                topic, r -> KafkaTestClient.eventOf(r, type).map(match::test).orElse(false), WAIT);
        return KafkaTestClient.eventOf(record, type).orElseThrow();
    }

    private long assignedInDatabase(UUID campaign) {
        return jdbc.sql("select count(*) from campaign_vehicle where campaign_id = :c and assignment_id is not null")
                .param("c", campaign)
                .query(Long.class)
                .single();
    }

    private static StageVerdict verdict(UUID campaign, int stage, VerdictOutcome outcome) {
        return verdict(campaign, stage, outcome, outcome == VerdictOutcome.FAIL ? "hw:" + Fleet.BRAKE : "all");
    }

    private static StageVerdict verdict(UUID campaign, int stage, VerdictOutcome outcome, String cohort) {
        return new StageVerdict(
                UUID.randomUUID(),
                Instant.now(),
                campaign,
                stage,
                cohort,
                outcome,
                20,
                outcome == VerdictOutcome.FAIL ? 6 : 0,
                outcome == VerdictOutcome.FAIL ? 0.5 : 0.01,
                0.05,
                "wilson-95");
    }

    @Test
    void canaryStageCoversEveryModelAndRegionAndAssignsThroughKafkaKeyedByVin() {
        fleet.vehicles(0, 80, List.of("ID.4", "ID.3"), List.of("EU", "NA"), current);
        UUID id = approvedCampaign(CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 5, 100));

        assertThat(start(id).text("state")).isEqualTo("RUNNING");

        StageStarted started = awaitEvent(
                Topics.CAMPAIGN_EVENTS, StageStarted.class, e -> e.campaignId().equals(id) && e.stage() == 1);
        assertThat(started.cohortSize()).isEqualTo(4);
        assertThat(started.criteria().minSamples()).isEqualTo(2);
        await().atMost(WAIT).until(() -> assignments(id).size() == 4);
        List<UpdateAssigned> canary = assignments(id);
        Set<String> strata = canary.stream()
                .map(a -> registry.find(a.vin())
                        .map(v -> v.model() + "/" + v.region())
                        .orElseThrow())
                .collect(Collectors.toSet());
        assertThat(strata).containsExactlyInAnyOrder("ID.4/EU", "ID.3/EU", "ID.4/NA", "ID.3/NA");
        UpdateAssigned one = canary.getFirst();
        assertThat(one.stage()).isEqualTo(1);
        assertThat(one.targets()).singleElement().satisfies(target -> {
            assertThat(target.ecuSerial()).isEqualTo("BRK-" + one.vin());
            assertThat(target.hardwareId()).isEqualTo(Fleet.BRAKE);
            assertThat(target.releaseCounter()).isEqualTo(42);
            assertThat(target.targetPath()).isEqualTo(next.targetPath());
        });
        assertThat(one.vehicleModel()).isIn("ID.4", "ID.3");
        var record = KafkaTestClient.await(
                Topics.VEHICLE_ASSIGNMENTS,
                r -> KafkaTestClient.eventOf(r, UpdateAssigned.class)
                        .map(a -> a.assignmentId().equals(one.assignmentId()))
                        .orElse(false),
                WAIT);
        assertThat(record.key()).isEqualTo(one.vin());
        JsonNode evidence = api.get("audrey", "AUDITOR", "/api/campaigns/" + id + "/compatibility")
                .body();
        assertThat(evidence.size()).isEqualTo(4);
        assertThat(evidence.get(0).path("reasons").asString()).contains("-> brake-ctrl " + next.version() + " r42");
        CompatibilityRoundChecked round = awaitEvent(
                Topics.CAMPAIGN_EVENTS,
                CompatibilityRoundChecked.class,
                e -> e.campaignId().equals(id));
        assertThat(round.stage()).isEqualTo(1);
        assertThat(round.checked()).isEqualTo(4);
        assertThat(round.incompatible()).isZero();
        assertThat(round.compatibleVehicles())
                .extracting(CompatibilityRoundChecked.CompatibleVehicle::vin)
                .containsExactlyInAnyOrderElementsOf(
                        canary.stream().map(UpdateAssigned::vin).toList());
        assertThat(round.compatibleVehicles())
                .allSatisfy(v -> assertThat(v.manifestAt()).isNotNull());
    }

    @Test
    void vehiclesNotAssignedAfterTheCompatibilityCheckAreEmittedOneByOneWithTheirReasons() {
        ImageSigned newer = fleet.sign("brake-ctrl", "2.5.0-" + fleet.tag(), Fleet.BRAKE, 43);
        List<String> vins = fleet.vehicles(0, 3, List.of("ID.4"), List.of("EU"), current);
        fleet.report(vins.get(1), newer, 52.5, 13.4);
        fleet.report(vins.get(2), next, 52.5, 13.4);
        UUID id = approvedCampaign(CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 100));

        start(id);

        CompatibilityChecked downgrade = awaitEvent(
                Topics.CAMPAIGN_EVENTS,
                CompatibilityChecked.class,
                e -> e.campaignId().equals(id) && e.vin().equals(vins.get(1)));
        assertThat(downgrade.compatible()).isFalse();
        assertThat(downgrade.outcome()).isEqualTo("INCOMPATIBLE");
        assertThat(downgrade.stage()).isEqualTo(1);
        assertThat(downgrade.reasons())
                .singleElement()
                .asString()
                .contains("ECU BRK-" + vins.get(1) + " runs release 43, newer than 42");
        assertThat(downgrade.manifestAt()).isNotNull();
        CompatibilityChecked upToDate = awaitEvent(
                Topics.CAMPAIGN_EVENTS,
                CompatibilityChecked.class,
                e -> e.campaignId().equals(id) && e.vin().equals(vins.get(2)));
        assertThat(upToDate.outcome()).isEqualTo("ALREADY_CURRENT");
        assertThat(upToDate.reasons()).singleElement().asString().contains("already runs");
        CompatibilityRoundChecked round = awaitEvent(
                Topics.CAMPAIGN_EVENTS,
                CompatibilityRoundChecked.class,
                e -> e.campaignId().equals(id));
        assertThat(round.checked()).isEqualTo(3);
        assertThat(round.incompatible()).isEqualTo(1);
        assertThat(round.alreadyCurrent()).isEqualTo(1);
        assertThat(round.compatibleVehicles())
                .extracting(CompatibilityRoundChecked.CompatibleVehicle::vin)
                .containsExactly(vins.get(0));
        await().atMost(WAIT).until(() -> assignments(id).size() == 1);
        assertThat(assignments(id))
                .singleElement()
                .extracting(UpdateAssigned::vin)
                .isEqualTo(vins.get(0));
    }

    @Test
    void passVerdictAdvancesOnceEveryVehicleOfTheStageHasAnOutcomeAndTheCampaignCompletesWithTheLastVehicle() {
        fleet.vehicles(0, 20, List.of("ID.4"), List.of("EU"), current);
        UUID id = approvedCampaign(CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 10, 100));
        start(id);
        await().atMost(WAIT).until(() -> assignments(id).size() == 2);

        KafkaTestClient.send(verdict(id, 1, VerdictOutcome.PASS, "hw:" + Fleet.BRAKE));
        KafkaTestClient.send(verdict(id, 1, VerdictOutcome.INSUFFICIENT_DATA, "all"));
        KafkaTestClient.send(verdict(id, 1, VerdictOutcome.PASS, "model:ID.4"));
        await().during(Duration.ofSeconds(2))
                .atMost(WAIT)
                .until(() -> assignments(id).size() == 2);
        assertThat(api.get("olga", "FLEET_OPS", "/api/campaigns/" + id + "/stages")
                        .body()
                        .findValuesAsString("state"))
                .as("a PASS of one hardware id or model does not pass the whole stage")
                .doesNotContain("PASSED");

        KafkaTestClient.send(verdict(id, 1, VerdictOutcome.PASS));
        await().during(Duration.ofSeconds(2))
                .atMost(WAIT)
                .until(() -> assignments(id).size() == 2);
        JsonNode waiting = api.get("olga", "FLEET_OPS", "/api/campaigns/" + id + "/stages")
                .body()
                .get(0);
        assertThat(waiting.path("state").asString())
                .as("a PASS while the stage's vehicles still install does not pass it")
                .isEqualTo("SOAKING");
        assertThat(waiting.path("awaitingOutcome").asLong()).isEqualTo(2);
        assignments(id).forEach(this::succeeded);

        StageStarted second = awaitEvent(
                Topics.CAMPAIGN_EVENTS, StageStarted.class, e -> e.campaignId().equals(id) && e.stage() == 2);
        assertThat(second.cohortSize()).isEqualTo(18);
        await().atMost(WAIT).until(() -> assignments(id).size() == 20);
        assertThat(assignments(id).stream().map(UpdateAssigned::vin).distinct()).hasSize(20);

        KafkaTestClient.send(verdict(id, 2, VerdictOutcome.PASS));

        List<UpdateAssigned> handedOut = assignments(id);
        for (UpdateAssigned assignment : handedOut.subList(0, handedOut.size() - 1)) {
            succeeded(assignment);
        }
        await().atMost(WAIT)
                .until(() -> api.get("olga", "FLEET_OPS", "/api/campaigns/" + id + "/vehicles?status=SUCCEEDED")
                                .body()
                                .size()
                        == handedOut.size() - 1);
        await().during(Duration.ofSeconds(3))
                .atMost(WAIT)
                .until(() -> api.get("olga", "FLEET_OPS", "/api/campaigns/" + id)
                        .text("state")
                        .equals("RUNNING"));
        assertThat(api.get("olga", "FLEET_OPS", "/api/campaigns/" + id + "/stages")
                        .body()
                        .findValuesAsString("state"))
                .as("the last stage waits for its last vehicle")
                .containsExactly("PASSED", "SOAKING");
        Api.Reply advance = api.post("olga", "FLEET_OPS", "/api/campaigns/" + id + "/advance", Api.reason("hurry"));
        assertThat(advance.status())
                .as("nothing left to advance to while the last vehicle is still installing")
                .isEqualTo(409);
        assertThat(advance.text("detail")).contains("waits for the outcome of 1 vehicles");

        UpdateAssigned last = handedOut.getLast();
        KafkaTestClient.send(progress(last, InstallPhase.SUCCEEDED, null));
        await().atMost(WAIT)
                .until(() -> campaignVehicle(id, last.vin()).path("phase").asString(), "AWAITING_MANIFEST"::equals);
        await().during(Duration.ofSeconds(2))
                .atMost(WAIT)
                .until(() -> api.get("olga", "FLEET_OPS", "/api/campaigns/" + id)
                        .text("state")
                        .equals("RUNNING"));
        assertThat(campaignVehicle(id, last.vin()).path("status").asString())
                .as("a success report alone does not count until the signed manifest confirms it")
                .isEqualTo("IN_PROGRESS");

        fleet.report(last.vin(), next, 52.5, 13.4);

        awaitEvent(
                Topics.CAMPAIGN_EVENTS,
                CampaignCompleted.class,
                e -> e.campaignId().equals(id));
        assertThat(api.get("olga", "FLEET_OPS", "/api/campaigns/" + id).text("state"))
                .isEqualTo("COMPLETED");
        assertThat(api.get("olga", "FLEET_OPS", "/api/campaigns/" + id + "/stages")
                        .body()
                        .findValuesAsString("state"))
                .containsExactly("PASSED", "PASSED");
        assertThat(api.get("olga", "FLEET_OPS", "/api/campaigns/" + id + "/vehicles?status=SUCCEEDED")
                        .body()
                        .size())
                .isEqualTo(20);
    }

    @Test
    void failVerdictStopsDispatchAtOnceAndNoVehicleBeyondTheStageEverGetsTheUpdate() {
        fleet.vehicles(0, 300, List.of("ID.4", "ID.3"), List.of("EU"), current);
        Map<String, Object> body = CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 50, 100);
        body = CampaignRequests.with(
                body, "policies", Map.of("rateLimit", Map.of("maximumPerMinute", 300), "vehicleTimeout", "PT1H"));
        UUID id = approvedCampaign(body);
        start(id);
        await().atMost(WAIT).until(() -> assignedInDatabase(id) >= 10);

        KafkaTestClient.send(verdict(id, 1, VerdictOutcome.FAIL));

        CampaignPaused paused = awaitEvent(
                Topics.CAMPAIGN_EVENTS,
                CampaignPaused.class,
                e -> e.campaignId().equals(id));
        assertThat(paused.pausedBy()).isEqualTo("health-service");
        assertThat(paused.reason()).contains("6/20 failed");
        long atDecision = assignedInDatabase(id);
        await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
        assertThat(assignedInDatabase(id))
                .as("no assignment after the decision")
                .isEqualTo(atDecision);
        assertThat(assignments(id)).hasSize((int) atDecision);
        assertThat(atDecision).isLessThan(150);
        assertThat(assignments(id)).allSatisfy(a -> assertThat(a.stage()).isEqualTo(1));
        assertThat(api.get("olga", "FLEET_OPS", "/api/campaigns/" + id + "/stages")
                        .body()
                        .get(0)
                        .path("verdict")
                        .asString())
                .isEqualTo("FAIL");
    }

    @Test
    void aPersonMayAdvanceOverAnInsufficientDataVerdictOnlyWithAReasonAndNeverBeforeAVerdict() {
        fleet.vehicles(0, 20, List.of("ID.4"), List.of("EU"), current);
        UUID id = approvedCampaign(CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 10, 100));
        start(id);
        await().atMost(WAIT).until(() -> assignments(id).size() == 2);
        assignments(id).forEach(this::succeeded);
        await().atMost(WAIT)
                .until(() -> api.get("olga", "FLEET_OPS", "/api/campaigns/" + id + "/stages")
                                .body()
                                .get(0)
                                .path("awaitingOutcome")
                                .asLong()
                        == 0);
        String advance = "/api/campaigns/" + id + "/advance";

        Api.Reply beforeAnyVerdict = api.post("olga", "FLEET_OPS", advance, Api.reason("looks fine"));
        assertThat(beforeAnyVerdict.status()).isEqualTo(409);
        assertThat(beforeAnyVerdict.text("detail")).contains("has no PASS verdict (verdict: none yet)");

        KafkaTestClient.send(verdict(id, 1, VerdictOutcome.INSUFFICIENT_DATA));
        await().atMost(WAIT)
                .until(() -> api.get("olga", "FLEET_OPS", "/api/campaigns/" + id + "/stages")
                        .body()
                        .get(0)
                        .path("verdict")
                        .asString()
                        .equals("INSUFFICIENT_DATA"));
        Api.Reply withoutReason = api.post("olga", "FLEET_OPS", advance, Api.reason(""));
        assertThat(withoutReason.status()).isEqualTo(400);
        assertThat(withoutReason.text("detail"))
                .contains("verdict is INSUFFICIENT_DATA: advancing over it needs a reason");
        assertThat(assignments(id)).as("nothing dispatched beyond stage 1").hasSize(2);

        Api.Reply advanced =
                api.post("olga", "FLEET_OPS", advance, Api.reason("2 of 2 healthy; bench tests of 2.1 were clean"));
        assertThat(advanced.status()).isEqualTo(200);
        StageStarted second = awaitEvent(
                Topics.CAMPAIGN_EVENTS, StageStarted.class, e -> e.campaignId().equals(id) && e.stage() == 2);
        assertThat(second.cohortSize()).isEqualTo(18);
        JsonNode transitions = api.get("audrey", "AUDITOR", "/api/campaigns/" + id + "/transitions")
                .body();
        assertThat(transitions.get(transitions.size() - 1).path("actor").asString())
                .isEqualTo("olga");
        assertThat(transitions.get(transitions.size() - 1).path("reason").asString())
                .isEqualTo("advanced by hand over an INSUFFICIENT_DATA verdict: 2 of 2 healthy; bench tests of 2.1 were"
                        + " clean");
    }

    @Test
    void holdStopsDispatchAndResumeContinuesWithinTheStage() {
        fleet.vehicles(0, 100, List.of("ID.4"), List.of("EU"), current);
        Map<String, Object> body = CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 100);
        body = CampaignRequests.with(
                body, "policies", Map.of("rateLimit", Map.of("maximumPerMinute", 300), "vehicleTimeout", "PT1H"));
        UUID id = approvedCampaign(body);
        start(id);
        await().atMost(WAIT).until(() -> assignedInDatabase(id) >= 5);

        Api.Reply held =
                api.post("olga", "FLEET_OPS", "/api/campaigns/" + id + "/hold", Api.reason("dealer complaint"));

        assertThat(held.text("state")).isEqualTo("PAUSED");
        long atHold = assignedInDatabase(id);
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        assertThat(assignedInDatabase(id)).isEqualTo(atHold);

        assertThat(api.post("olga", "FLEET_OPS", "/api/campaigns/" + id + "/resume", Api.reason("explained"))
                        .text("state"))
                .isEqualTo("RUNNING");
        assertThat(atHold).isLessThan(100);
        await().atMost(WAIT).until(() -> assignedInDatabase(id) > atHold);
    }

    @Test
    void rollbackDecisionPausesAndCompletedRollbackEndsTheCampaignRolledBack() {
        fleet.vehicles(0, 10, List.of("ID.4"), List.of("EU"), current);
        UUID id = approvedCampaign(CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 50, 100));
        start(id);
        await().atMost(WAIT).until(() -> assignments(id).size() == 5);

        KafkaTestClient.send(new RollbackDecided(
                UUID.randomUUID(), Instant.now(), id, 1, "ROLLBACK_COHORT", "hw:" + Fleet.BRAKE, 5, "boot failures"));
        CampaignPaused paused = awaitEvent(
                Topics.CAMPAIGN_EVENTS,
                CampaignPaused.class,
                e -> e.campaignId().equals(id));
        assertThat(paused.pausedBy()).isEqualTo("rollback-service");

        KafkaTestClient.send(new RollbackCompleted(UUID.randomUUID(), Instant.now(), id, 5, 5, 0));

        await().atMost(WAIT)
                .until(() -> api.get("olga", "FLEET_OPS", "/api/campaigns/" + id)
                        .text("state")
                        .equals("ROLLED_BACK"));
        assertThat(assignments(id)).hasSize(5);
        CampaignRolledBack rolledBack = awaitEvent(
                Topics.CAMPAIGN_EVENTS,
                CampaignRolledBack.class,
                e -> e.campaignId().equals(id));
        assertThat(rolledBack.rolledBackBy()).isEqualTo("rollback-service");
        assertThat(rolledBack.reason()).isEqualTo("rollback completed: 5 vehicles, 5 succeeded, 0 failed");
    }

    @Test
    void vehicleProgressIsCountedPerStageAndTransientFailuresAreRetried() {
        fleet.vehicles(0, 3, List.of("ID.4"), List.of("EU"), current);
        Map<String, Object> body = CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 100);
        body = CampaignRequests.with(
                body,
                "policies",
                Map.of(
                        "rateLimit", Map.of("maximumPerMinute", 6000),
                        "vehicleTimeout", "PT1H",
                        "retry",
                                Map.of(
                                        "maxRetries",
                                        1,
                                        "initialBackoff",
                                        "PT0.2S",
                                        "multiplier",
                                        2,
                                        "maxBackoff",
                                        "PT1S")));
        UUID id = approvedCampaign(body);
        start(id);
        await().atMost(WAIT).until(() -> assignments(id).size() == 3);
        List<UpdateAssigned> first = assignments(id);

        succeeded(first.get(0));
        KafkaTestClient.send(progress(first.get(1), InstallPhase.FAILED, "boot failure after reboot"));
        KafkaTestClient.send(progress(first.get(2), InstallPhase.FAILED, "download interrupted: connection reset"));

        await().atMost(WAIT).until(() -> assignments(id).size() == 4);
        UpdateAssigned retry = assignments(id).get(3);
        assertThat(retry.vin()).isEqualTo(first.get(2).vin());
        assertThat(retry.assignmentId()).isNotEqualTo(first.get(2).assignmentId());
        JsonNode counts = api.get("olga", "FLEET_OPS", "/api/campaigns/" + id + "/stages")
                .body()
                .get(0)
                .path("vehicles");
        assertThat(counts.path("SUCCEEDED").asLong()).isEqualTo(1);
        assertThat(counts.path("FAILED").asLong()).isEqualTo(1);
        assertThat(counts.path("ASSIGNED").asLong()).isEqualTo(1);
        JsonNode failed = api.get("olga", "FLEET_OPS", "/api/campaigns/" + id + "/vehicles?status=FAILED")
                .body();
        assertThat(failed.get(0).path("reason").asString()).isEqualTo("FAILED: boot failure after reboot");
    }

    @Test
    void aFailVerdictAboutAnApplicationNamesItFirstInTheStagesVerdictAndThePauseReason() {
        fleet.vehicles(0, 10, List.of("ID.4"), List.of("EU"), current);
        UUID id = approvedCampaign(CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 100));
        start(id);
        StageVerdict numbers = verdict(id, 1, VerdictOutcome.FAIL);
        String reason = "brake-assist DOWN on 6 of 20 vehicles (hardware " + Fleet.BRAKE + ")";

        KafkaTestClient.send(new StageVerdict(
                numbers.eventId(),
                numbers.occurredAt(),
                id,
                1,
                numbers.cohort(),
                VerdictOutcome.FAIL,
                numbers.samples(),
                numbers.failures(),
                numbers.failureRateUpperBound(),
                numbers.threshold(),
                numbers.rule(),
                reason));

        CampaignPaused paused = awaitEvent(
                Topics.CAMPAIGN_EVENTS,
                CampaignPaused.class,
                e -> e.campaignId().equals(id));
        assertThat(paused.reason()).contains(reason);
        assertThat(api.get("olga", "FLEET_OPS", "/api/campaigns/" + id + "/stages")
                        .body()
                        .get(0)
                        .path("verdictDetail")
                        .asString())
                .startsWith("FAIL hw:" + Fleet.BRAKE + ": " + reason + "; 6/20 failed");
    }

    @Test
    void secondCampaignForTheSameEcuOnTheSameVehiclesIsRefusedWithAClearConflict() {
        fleet.vehicles(0, 5, List.of("ID.4"), List.of("EU"), current);
        UUID first = approvedCampaign(CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 100));
        start(first);
        api.post("olga", "FLEET_OPS", "/api/campaigns/" + first + "/hold", Api.reason("hold for conflict test"));
        UUID second = approvedCampaign(CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 100));

        Api.Reply refused = start(second);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("type")).endsWith("/ecu-conflict");
        assertThat(refused.text("detail")).contains(first.toString()).contains("5 vehicles");
        assertThat(api.get("olga", "FLEET_OPS", "/api/campaigns/" + second).text("state"))
                .isEqualTo("APPROVED");
    }

    @Test
    void abortWithdrawsOpenAssignmentsAndDropsTheRest() {
        fleet.vehicles(0, 4, List.of("ID.4"), List.of("EU"), current);
        UUID id = approvedCampaign(CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 50, 100));
        start(id);
        await().atMost(WAIT).until(() -> assignments(id).size() == 2);

        Api.Reply aborted = api.post("olga", "FLEET_OPS", "/api/campaigns/" + id + "/abort", Api.reason("wrong image"));

        assertThat(aborted.text("state")).isEqualTo("ABORTED");
        Set<String> cancelled = new HashSet<>();
        await().atMost(WAIT).until(() -> {
            KafkaTestClient.readAll(Topics.VEHICLE_ASSIGNMENTS).stream()
                    .flatMap(r ->
                            KafkaTestClient.eventOf(r, dev.ota.contracts.events.AssignmentCancelled.class).stream())
                    .filter(c -> c.campaignId().equals(id))
                    .forEach(c -> cancelled.add(c.vin()));
            return cancelled.size() == 2;
        });
        JsonNode counts =
                api.get("olga", "FLEET_OPS", "/api/campaigns/" + id + "/stages").body();
        assertThat(counts.get(0).path("vehicles").path("CANCELLED").asLong()).isEqualTo(2);
        assertThat(counts.get(1).path("vehicles").path("CANCELLED").asLong()).isEqualTo(2);
    }

    @Test
    void aVehicleThatReportsSuccessWhileItsSignedManifestShowsTheOldImageCountsAsFailed() {
        fleet.vehicles(0, 2, List.of("ID.4"), List.of("EU"), current);
        UUID id = approvedCampaign(CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 100));
        start(id);
        await().atMost(WAIT).until(() -> assignments(id).size() == 2);
        UpdateAssigned honest = assignments(id).get(0);
        UpdateAssigned fellBack = assignments(id).get(1);

        fleet.report(honest.vin(), next, 52.5, 13.4);
        KafkaTestClient.send(progress(honest, InstallPhase.SUCCEEDED, null));
        KafkaTestClient.send(progress(fellBack, InstallPhase.SUCCEEDED, null));
        await().atMost(WAIT)
                .until(() -> campaignVehicle(id, fellBack.vin()).path("phase").asString(), "AWAITING_MANIFEST"::equals);
        fleet.report(fellBack.vin(), current, 52.5, 13.4);

        await().atMost(WAIT)
                .until(() -> campaignVehicle(id, fellBack.vin()).path("status").asString(), "FAILED"::equals);
        assertThat(campaignVehicle(id, fellBack.vin()).path("reason").asString())
                .contains("reported success, but its signed manifest shows ECU BRK-" + fellBack.vin())
                .contains("runs brake-ctrl " + current.version() + ", not brake-ctrl " + next.version());
        assertThat(campaignVehicle(id, honest.vin()).path("status").asString())
                .as("the manifest came first and already showed the new image")
                .isEqualTo("SUCCEEDED");
        assertThat(campaignVehicle(id, honest.vin()).path("reason").asString())
                .isEqualTo("confirmed by the vehicle's signed manifest");
    }

    /**
     * A vehicle's reports can reach Kafka out of order: the gateway's shared subscription spreads one vehicle's
     * messages over several MQTT sessions, and a Kafka outage holds them back until all go at once (seen in
     * KafkaRestartSystemTests: SUCCEEDED first, then DOWNLOADING ... REBOOTING, then the manifest). The older reports
     * must not move the vehicle back out of AWAITING_MANIFEST, or the manifest finds nobody waiting for it.
     */
    @Test
    void olderReportsThatOvertakeTheSuccessReportDoNotUndoItAndTheManifestStillConfirmsIt() {
        fleet.vehicles(0, 1, List.of("ID.4"), List.of("EU"), current);
        UUID id = approvedCampaign(CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 100));
        start(id);
        await().atMost(WAIT).until(() -> assignments(id).size() == 1);
        UpdateAssigned assignment = assignments(id).getFirst();
        Instant succeededAt = Instant.now();

        KafkaTestClient.send(progress(assignment, InstallPhase.SUCCEEDED, null, succeededAt));
        await().atMost(WAIT)
                .until(
                        () -> campaignVehicle(id, assignment.vin())
                                .path("phase")
                                .asString(),
                        "AWAITING_MANIFEST"::equals);
        List<UpdateProgress> overtaken = List.of(
                progress(assignment, InstallPhase.DOWNLOADING, null, succeededAt.minusSeconds(6)),
                progress(assignment, InstallPhase.INSTALLING, null, succeededAt.minusSeconds(5)),
                progress(assignment, InstallPhase.REBOOTING, null, succeededAt.minusSeconds(2)));
        overtaken.forEach(KafkaTestClient::send);
        await().atMost(WAIT)
                .until(() -> jdbc.sql("""
                                select count(*) from inbox_event
                                where consumer = 'campaign-vehicle-reports' and event_id in (:ids)
                                """)
                                .param(
                                        "ids",
                                        overtaken.stream()
                                                .map(UpdateProgress::eventId)
                                                .toList())
                                .query(Long.class)
                                .single()
                        == overtaken.size());
        assertThat(campaignVehicle(id, assignment.vin()).path("phase").asString())
                .as("phase after the older reports were consumed")
                .isEqualTo("AWAITING_MANIFEST");

        fleet.report(assignment.vin(), next, 52.5, 13.4);

        await().atMost(WAIT)
                .until(
                        () -> campaignVehicle(id, assignment.vin())
                                .path("status")
                                .asString(),
                        "SUCCEEDED"::equals);
        assertThat(campaignVehicle(id, assignment.vin()).path("reason").asString())
                .isEqualTo("confirmed by the vehicle's signed manifest");
    }

    @Test
    void continuousCampaignAssignsVehiclesThatMatchLaterAndStaysRunningAfterItsLastStagePassed() {
        List<String> first = fleet.vehicles(0, 3, List.of("ID.4"), List.of("EU"), current);
        UUID id = approvedCampaign(CampaignRequests.with(
                CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 100), "continuous", true));
        start(id);
        await().atMost(WAIT).until(() -> assignments(id).size() == 3);
        KafkaTestClient.send(verdict(id, 1, VerdictOutcome.PASS));
        assignments(id).forEach(this::succeeded);
        await().atMost(WAIT)
                .until(() -> api.get("olga", "FLEET_OPS", "/api/campaigns/" + id + "/vehicles?status=SUCCEEDED")
                                .body()
                                .size()
                        == 3);

        List<String> late = fleet.vehicles(3, 2, List.of("ID.4"), List.of("EU"), current);

        await().atMost(WAIT)
                .until(() -> assignments(id).stream()
                        .map(UpdateAssigned::vin)
                        .collect(Collectors.toSet())
                        .containsAll(late));
        assertThat(assignments(id).stream().map(UpdateAssigned::vin))
                .as("each vehicle once, the first three and the two that matched later")
                .containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(first.stream(), late.stream())
                        .toList());
        assignments(id).forEach(this::succeeded);
        await().atMost(WAIT)
                .until(() -> api.get("olga", "FLEET_OPS", "/api/campaigns/" + id + "/vehicles?status=SUCCEEDED")
                                .body()
                                .size()
                        == 5);
        await().during(Duration.ofSeconds(2))
                .atMost(WAIT)
                .until(() -> api.get("olga", "FLEET_OPS", "/api/campaigns/" + id)
                        .text("state")
                        .equals("RUNNING"));
    }

    /** The vehicle reports success and then, as real ones do, its signed manifest showing the new image. */
    private void succeeded(UpdateAssigned assignment) {
        KafkaTestClient.send(progress(assignment, InstallPhase.SUCCEEDED, null));
        fleet.report(assignment.vin(), next, 52.5, 13.4);
    }

    private JsonNode campaignVehicle(UUID id, String vin) {
        for (JsonNode vehicle : api.get("olga", "FLEET_OPS", "/api/campaigns/" + id + "/vehicles?limit=1000")
                .body()) {
            if (vehicle.path("vin").asString().equals(vin)) {
                return vehicle;
            }
        }
        throw new AssertionError(vin + " is not in campaign " + id);
    }

    private static UpdateProgress progress(UpdateAssigned assignment, InstallPhase phase, String reason) {
        return progress(assignment, phase, reason, Instant.now());
    }

    private static UpdateProgress progress(UpdateAssigned assignment, InstallPhase phase, String reason, Instant at) {
        return new UpdateProgress(
                UUID.randomUUID(), at, assignment.vin(), assignment.assignmentId(), null, phase, reason);
    }
}

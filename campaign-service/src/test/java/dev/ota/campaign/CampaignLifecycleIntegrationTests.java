package dev.ota.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.campaign.images.ImageCatalogue;
import dev.ota.campaign.registry.VehicleRegistry;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.CampaignApproved;
import dev.ota.contracts.events.CampaignCreated;
import dev.ota.contracts.events.CampaignRejected;
import dev.ota.contracts.events.CampaignScheduled;
import dev.ota.contracts.events.CampaignSubmitted;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.contracts.events.RequiredApplication;
import dev.ota.contracts.events.StageStarted;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.WithRealInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure(database = "campaign")
class CampaignLifecycleIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    VehicleRegistry registry;

    @Autowired
    ImageCatalogue images;

    Api api;
    Fleet fleet;
    ImageSigned next;

    @BeforeEach
    void fleet() {
        api = new Api(port);
        fleet = new Fleet(registry, images);
        ImageSigned current = fleet.sign("brake-ctrl", "2.4.0-" + fleet.tag(), Fleet.BRAKE, 41);
        next = fleet.sign("brake-ctrl", "2.4.1-" + fleet.tag(), Fleet.BRAKE, 42);
        fleet.vehicles(0, 4, List.of("ID.4"), List.of("EU"), current);
    }

    private String create(String who) {
        Api.Reply created = api.post(
                who,
                "RELEASE_ENGINEER",
                "/api/campaigns",
                CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 50, 100));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.text("id");
    }

    @Test
    void createdCampaignIsADraftAndAnnouncesItselfWithItsRollbackPolicyAndRxswin() {
        String id = create("rita");

        assertThat(api.get("rita", "RELEASE_ENGINEER", "/api/campaigns/" + id).text("state"))
                .isEqualTo("DRAFT");
        var record = KafkaTestClient.await(
                Topics.CAMPAIGN_EVENTS,
                r -> KafkaTestClient.eventOf(r, CampaignCreated.class)
                        .map(e -> e.campaignId().toString().equals(id))
                        .orElse(false),
                Duration.ofSeconds(30));
        CampaignCreated created =
                KafkaTestClient.eventOf(record, CampaignCreated.class).orElseThrow();
        assertThat(created.rollbackPolicy()).isEqualTo("ROLLBACK_COHORT");
        assertThat(created.createdBy()).isEqualTo("rita");
        assertThat(created.stageCount()).isEqualTo(2);
        assertThat(created.rxswin()).isEqualTo("R79-BRK-" + next.version());
    }

    @Test
    void creatorCannotApproveTheirOwnCampaignEvenWithTheApproverRole() {
        String id = create("alice");
        api.post("alice", "RELEASE_ENGINEER", "/api/campaigns/" + id + "/submit", "{}");

        Api.Reply refused = api.post("alice", "APPROVER", "/api/campaigns/" + id + "/approve", Api.reason("lgtm"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("type")).endsWith("/four-eyes");
        assertThat(refused.text("detail")).contains("alice created this campaign");
        assertThat(api.get("alice", "APPROVER", "/api/campaigns/" + id).text("state"))
                .isEqualTo("PENDING_APPROVAL");
    }

    @Test
    void secondPersonApprovesAndTheApprovalIsRecordedAndEmitted() {
        String id = create("rita");
        api.post("rita", "RELEASE_ENGINEER", "/api/campaigns/" + id + "/submit", "{}");

        Api.Reply approved = api.post("aaron", "APPROVER", "/api/campaigns/" + id + "/approve", Api.reason("reviewed"));

        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.text("state")).isEqualTo("APPROVED");
        assertThat(approved.text("approvedBy")).isEqualTo("aaron");
        JsonNode transitions = api.get("audrey", "AUDITOR", "/api/campaigns/" + id + "/transitions")
                .body();
        assertThat(transitions.findValuesAsString("action")).containsExactly("CREATE", "SUBMIT", "APPROVE");
        assertThat(transitions.get(2).path("actor").asString()).isEqualTo("aaron");
        assertThat(transitions.get(2).path("reason").asString()).isEqualTo("reviewed");
        KafkaTestClient.await(
                Topics.CAMPAIGN_EVENTS,
                r -> KafkaTestClient.eventOf(r, CampaignApproved.class)
                        .map(e -> e.campaignId().toString().equals(id)
                                && e.approvedBy().equals("aaron"))
                        .orElse(false),
                Duration.ofSeconds(30));
        var submitted = KafkaTestClient.await(
                Topics.CAMPAIGN_EVENTS,
                r -> KafkaTestClient.eventOf(r, CampaignSubmitted.class)
                        .map(e -> e.campaignId().toString().equals(id))
                        .orElse(false),
                Duration.ofSeconds(30));
        assertThat(submitted.key()).isEqualTo(id);
        assertThat(KafkaTestClient.eventOf(submitted, CampaignSubmitted.class)
                        .orElseThrow()
                        .submittedBy())
                .isEqualTo("rita");
    }

    @Test
    void schedulingAnApprovedCampaignIsRecordedAndEmittedWithWhoAndWhen() {
        String id = create("rita");
        api.post("rita", "RELEASE_ENGINEER", "/api/campaigns/" + id + "/submit", "{}");
        api.post("aaron", "APPROVER", "/api/campaigns/" + id + "/approve", Api.reason("ok"));
        Instant startAt = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);

        Api.Reply scheduled = api.post(
                "olga", "FLEET_OPS", "/api/campaigns/" + id + "/schedule", Map.of("startAt", startAt.toString()));

        assertThat(scheduled.status()).as(scheduled.body().toString()).isEqualTo(200);
        assertThat(scheduled.text("state")).isEqualTo("SCHEDULED");
        JsonNode transitions = api.get("audrey", "AUDITOR", "/api/campaigns/" + id + "/transitions")
                .body();
        assertThat(transitions.get(transitions.size() - 1).path("actor").asString())
                .isEqualTo("olga");
        var record = KafkaTestClient.await(
                Topics.CAMPAIGN_EVENTS,
                r -> KafkaTestClient.eventOf(r, CampaignScheduled.class)
                        .map(e -> e.campaignId().toString().equals(id))
                        .orElse(false),
                Duration.ofSeconds(30));
        CampaignScheduled event =
                KafkaTestClient.eventOf(record, CampaignScheduled.class).orElseThrow();
        assertThat(event.scheduledBy()).isEqualTo("olga");
        assertThat(event.startAt()).isEqualTo(startAt);
    }

    @Test
    void approvingADraftThatWasNeverSubmittedIsRefusedAsAnIllegalTransition() {
        String id = create("rita");

        Api.Reply refused = api.post("aaron", "APPROVER", "/api/campaigns/" + id + "/approve", Api.reason("ok"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("detail")).isEqualTo("cannot approve a campaign that is DRAFT");
        assertThat(refused.body().path("state").asString()).isEqualTo("DRAFT");
    }

    @Test
    void startingBeforeApprovalIsRefused() {
        String id = create("rita");
        api.post("rita", "RELEASE_ENGINEER", "/api/campaigns/" + id + "/submit", "{}");

        Api.Reply refused = api.post("olga", "FLEET_OPS", "/api/campaigns/" + id + "/start", Api.reason("go"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("detail")).contains("cannot start a campaign that is PENDING_APPROVAL");
    }

    @Test
    void rejectedCampaignGoesBackToDraftWithTheApproversReason() {
        String id = create("rita");
        api.post("rita", "RELEASE_ENGINEER", "/api/campaigns/" + id + "/submit", "{}");

        Api.Reply rejected =
                api.post("aaron", "APPROVER", "/api/campaigns/" + id + "/reject", Api.reason("add a canary"));

        assertThat(rejected.text("state")).isEqualTo("DRAFT");
        JsonNode transitions = api.get("rita", "RELEASE_ENGINEER", "/api/campaigns/" + id + "/transitions")
                .body();
        assertThat(transitions.get(transitions.size() - 1).path("reason").asString())
                .isEqualTo("add a canary");
        var record = KafkaTestClient.await(
                Topics.CAMPAIGN_EVENTS,
                r -> KafkaTestClient.eventOf(r, CampaignRejected.class)
                        .map(e -> e.campaignId().toString().equals(id))
                        .orElse(false),
                Duration.ofSeconds(30));
        CampaignRejected event =
                KafkaTestClient.eventOf(record, CampaignRejected.class).orElseThrow();
        assertThat(event.rejectedBy()).isEqualTo("aaron");
        assertThat(event.reason()).isEqualTo("add a canary");
    }

    @Test
    void rolesAreCheckedOnEveryOperation() {
        String id = create("rita");
        api.post("rita", "RELEASE_ENGINEER", "/api/campaigns/" + id + "/submit", "{}");
        api.post("aaron", "APPROVER", "/api/campaigns/" + id + "/approve", Api.reason("ok"));

        assertThat(api.post("rita", "RELEASE_ENGINEER", "/api/campaigns/" + id + "/start", "{}")
                        .status())
                .isEqualTo(403);
        assertThat(api.post(
                                "olga",
                                "FLEET_OPS",
                                "/api/campaigns",
                                CampaignRequests.brakeUpdate("x", "brake-ctrl", "1", 100))
                        .status())
                .isEqualTo(403);
        assertThat(api.get("carl", "CI_PIPELINE", "/api/campaigns/" + id).status())
                .isEqualTo(403);
        assertThat(api.anonymous("/api/campaigns/" + id).status()).isEqualTo(401);
    }

    @Test
    void theReleaseEngineerAndTheApproverSeeWhichStagesCannotPassTheirHealthCriteriaOnTheFleetAsItIs() {
        var body = CampaignRequests.with(
                CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 25, 100),
                "healthCriteria",
                java.util.Map.of(
                        "maxFailureRate",
                        0.2,
                        "minSamples",
                        2,
                        "confidence",
                        0.9,
                        "soakTime",
                        "PT0S",
                        "maxDtcDelta",
                        0));

        Api.Reply draft = api.post("rita", "RELEASE_ENGINEER", "/api/campaigns/review", body);

        assertThat(draft.status()).as(draft.body().toString()).isEqualTo(200);
        assertThat(draft.body().path("targeted").asLong()).isEqualTo(4);
        assertThat(draft.body().path("smallestPassingStage").asInt()).isEqualTo(7);
        List<Integer> sizes = new java.util.ArrayList<>();
        draft.body()
                .path("stages")
                .forEach(stage -> sizes.add(stage.path("vehicles").asInt()));
        assertThat(sizes).containsExactly(1, 3);
        assertThat(draft.body().path("warnings").get(0).asString())
                .isEqualTo("stage 1 (1 vehicle) cannot PASS: with no failure among 1, the 90% upper bound of the"
                        + " failure rate is 62.2%, above the 20% allowed; a stage needs at least 7. It will end"
                        + " INSUFFICIENT_DATA and wait for a person to advance it");

        Api.Reply created = api.post("rita", "RELEASE_ENGINEER", "/api/campaigns", body);
        String id = created.text("id");
        Api.Reply forTheApprover = api.get("aaron", "APPROVER", "/api/campaigns/" + id + "/review");
        assertThat(forTheApprover.status()).isEqualTo(200);
        assertThat(forTheApprover.body().path("warnings")).hasSize(2);

        assertThat(api.post("aaron", "APPROVER", "/api/campaigns/review", body).status())
                .as("reviewing a draft is the release engineer's")
                .isEqualTo(403);
        assertThat(api.get("carl", "CI_PIPELINE", "/api/campaigns/" + id + "/review")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void callerWithoutTheRoleIsRefusedBeforeItsRequestBodyIsRead() {
        Api.Reply refused = api.post("ci", "CI_PIPELINE", "/api/campaigns", "{}");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(api.post("ci", "CI_PIPELINE", "/api/targeting/preview", "{}").status())
                .isEqualTo(403);
    }

    @Test
    void holdWithoutAReasonIsRefused() {
        String id = create("rita");
        Api.Reply refused = api.post("olga", "FLEET_OPS", "/api/campaigns/" + id + "/hold", Map.of("reason", " "));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("detail")).isEqualTo("a reason is required");
    }

    @Test
    void campaignForAnImageTheRepositoryDoesNotListIsRefusedWithAClearProblem() {
        Api.Reply refused = api.post(
                "rita",
                "RELEASE_ENGINEER",
                "/api/campaigns",
                CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", "9.9.9-missing", 100));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("detail")).isEqualTo("image brake-ctrl 9.9.9-missing is not in the image repository");
    }

    @Test
    void campaignWithAnInvalidTargetQueryIsRefusedNamingThePosition() {
        var body = CampaignRequests.with(
                CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 100),
                "target",
                Map.of("type", "query", "query", "model=ID.4"));

        Api.Reply refused = api.post("rita", "RELEASE_ENGINEER", "/api/campaigns", body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("detail")).startsWith("expected an operator").contains("position 5");
    }

    @Test
    void stagesMustBeValid() {
        var body = CampaignRequests.with(
                CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 100),
                "stages",
                List.of(Map.of("percent", 150, "soakTime", "PT0S", "autoAdvance", true)));

        Api.Reply refused = api.post("rita", "RELEASE_ENGINEER", "/api/campaigns", body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("detail")).isEqualTo("stage percent must be within (0, 100]");
    }

    @Test
    void requiredApplicationsAreValidatedOnCreationAndTravelToTheHealthServiceWithTheStage() {
        Api.Reply elsewhere = api.post(
                "rita", "RELEASE_ENGINEER", "/api/campaigns", withRequiredApplication("head-unit", "navigation"));
        assertThat(elsewhere.status()).isEqualTo(400);
        assertThat(elsewhere.text("detail"))
                .isEqualTo("healthCriteria.requiredApplications names application navigation on hardware id"
                        + " 'head-unit', which no image of the bundle updates");
        Api.Reply unsafe = api.post(
                "rita", "RELEASE_ENGINEER", "/api/campaigns", withRequiredApplication(Fleet.BRAKE, "brake assist"));
        assertThat(unsafe.status()).isEqualTo(400);
        assertThat(unsafe.text("detail"))
                .startsWith("requiredApplications.name 'brake assist' must be 1..64 characters of A-Z a-z 0-9 . _ -");

        Api.Reply created = api.post(
                "rita", "RELEASE_ENGINEER", "/api/campaigns", withRequiredApplication(Fleet.BRAKE, "brake-assist"));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String id = created.text("id");
        api.post("rita", "RELEASE_ENGINEER", "/api/campaigns/" + id + "/submit", "{}");
        api.post("aaron", "APPROVER", "/api/campaigns/" + id + "/approve", Api.reason("ok"));
        assertThat(api.post("olga", "FLEET_OPS", "/api/campaigns/" + id + "/start", Api.reason("go"))
                        .status())
                .isEqualTo(200);

        var record = KafkaTestClient.await(
                Topics.CAMPAIGN_EVENTS,
                r -> KafkaTestClient.eventOf(r, StageStarted.class)
                        .map(e -> e.campaignId().toString().equals(id))
                        .orElse(false),
                Duration.ofSeconds(30));
        assertThat(KafkaTestClient.eventOf(record, StageStarted.class)
                        .orElseThrow()
                        .criteria()
                        .requiredApplications())
                .containsExactly(new RequiredApplication(Fleet.BRAKE, "brake-assist"));
    }

    private Map<String, Object> withRequiredApplication(String hardwareId, String name) {
        return CampaignRequests.with(
                CampaignRequests.brakeUpdate(fleet.tag(), "brake-ctrl", next.version(), 100),
                "healthCriteria",
                CampaignRequests.healthCriteria(List.of(Map.of("hardwareId", hardwareId, "name", name))));
    }

    @Test
    void unknownCampaignIsNotFound() {
        Api.Reply missing = api.get("rita", "RELEASE_ENGINEER", "/api/campaigns/" + UUID.randomUUID());
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.text("type")).endsWith("/campaign-not-found");
    }
}

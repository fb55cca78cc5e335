package dev.ota.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.launcher.demo.CampaignPlan;
import dev.ota.launcher.demo.FleetVehicle;
import dev.ota.launcher.demo.OtaStory;
import dev.ota.launcher.demo.Release;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The release story on a fleet of 50: a good release rolls out stage by stage to COMPLETED; then a faulty one (60% boot
 * failures of the brake controller) is paused in its first stage by the health verdict, reaches no vehicle beyond that
 * stage, and its failed vehicles are rolled back to the last-known-good firmware the good release installed; the audit
 * log verifies. The faulty release needs the good one first: its rollback target is the firmware the good release made
 * pre-validated.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleaseStorySystemTests {

    static final Release TCU = new Release("st-tcu-fw", "2.0.0", "hw-tcu", 2, 16 * 1024);
    static final Release BRAKE = new Release("st-brake-fw", "2.0.0", "hw-brake", 2, 16 * 1024);
    static final Release FAULTY_BRAKE = new Release("st-brake-fw", "2.1.0-st", "hw-brake", 3, 16 * 1024);

    /** The good brake firmware re-released above the faulty one's counter: the faulty release's rollback path. */
    static final String REBUILT_BRAKE_VERSION = "2.0.0-rerelease.4";

    /** A clean stage of 20 has a Wilson upper bound of 7.6% at 90%; 6 failures of 20 put the lower bound above 15%. */
    static final CampaignPlan.Health HEALTH = new CampaignPlan.Health(0.15, 10, 0.90, Duration.ofSeconds(10));

    static final Set<String> SETTLED = Set.of("COMPLETED", "PAUSED", "ABORTED", "ROLLED_BACK");

    private static final OtaStory story = RunningPlatform.story();
    private static TestFleet fleet;

    @BeforeAll
    static void fleetAndReleases() {
        fleet = TestFleet.create("release-story", 50);
        for (Release release : List.of(TCU, BRAKE, FAULTY_BRAKE)) {
            JsonNode signed = story.upload(release);
            assertThat(signed.path("targetPath").asString()).isEqualTo(release.targetPath());
            assertThat(story.release(release).path("status").asString())
                    .as("%s after the co-signature", release)
                    .isEqualTo("RELEASED");
        }
    }

    static CampaignPlan plan(String name, List<Release> bundle) {
        return new CampaignPlan(
                name,
                fleet.query(),
                bundle,
                List.of(
                        CampaignPlan.Stage.count(20, Duration.ofSeconds(3)),
                        CampaignPlan.Stage.count(15, Duration.ofSeconds(3)),
                        CampaignPlan.Stage.count(15, Duration.ofSeconds(3))),
                HEALTH,
                "ROLLBACK_FAILED_VEHICLES",
                6000,
                Duration.ofMinutes(5));
    }

    @Test
    @Order(1)
    void goodReleaseRollsOutStageByStageToEveryVehicleAndCompletes() {
        String id = story.createAndSubmit(plan("good release", List.of(TCU, BRAKE)));
        JsonNode approved = story.approve(id);
        assertThat(approved.path("createdBy").asString()).isEqualTo("demo-release-engineer");
        assertThat(approved.path("approvedBy").asString()).isEqualTo("demo-approver");

        Instant started = Instant.now();
        story.start(id);
        String state =
                story.awaitState(id, SETTLED, Duration.ofMinutes(5), line -> System.out.println("[good] " + line));
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;

        assertThat(state).as("transitions: %s", story.transitions(id)).isEqualTo("COMPLETED");
        JsonNode stages = story.stages(id);
        assertThat(stages).hasSize(3);
        List<Integer> planned = new ArrayList<>();
        for (JsonNode stage : stages) {
            assertThat(stage.path("state").asString()).as("stage %s", stage).isEqualTo("PASSED");
            assertThat(stage.path("verdict").asString()).as("stage %s", stage).isEqualTo("PASS");
            planned.add(stage.path("planned").asInt());
        }
        assertThat(planned).containsExactly(20, 15, 15);
        assertThat(statuses(id)).isEqualTo(Map.of("SUCCEEDED", 50L));
        for (FleetVehicle vehicle : fleet.now()) {
            assertThat(vehicle.versionOn("hw-tcu")).as(vehicle.vin()).hasValue("2.0.0");
            assertThat(vehicle.versionOn("hw-brake")).as(vehicle.vin()).hasValue("2.0.0");
        }
        Figures.record("happy path: 50 vehicles, 3 stages, start to COMPLETED", seconds, "s");
    }

    @Test
    @Order(2)
    void faultyReleaseIsPausedInItsFirstStageReachesNoOtherVehicleAndItsFailedVehiclesAreRolledBack() {
        JsonNode rollbackPath = story.reRelease(BRAKE, FAULTY_BRAKE.releaseCounter() + 1);
        assertThat(rollbackPath.path("version").asString()).isEqualTo(REBUILT_BRAKE_VERSION);
        assertThat(rollbackPath.path("status").asString()).isEqualTo("RELEASED");
        story.injectFaults(FAULTY_BRAKE.version(), Map.of("bootFailure", 0.6));
        String id = story.createAndSubmit(plan("faulty release", List.of(FAULTY_BRAKE)));
        story.approve(id);
        Instant started = Instant.now();
        story.start(id);

        String stopped =
                story.awaitState(id, SETTLED, Duration.ofMinutes(4), line -> System.out.println("[faulty] " + line));
        assertThat(stopped).as("transitions: %s", story.transitions(id)).isIn("PAUSED", "ROLLED_BACK");
        Figures.record(
                "faulty release: start to stopped (20-vehicle first stage)",
                Duration.between(started, Instant.now()).toMillis() / 1000.0,
                "s");

        JsonNode fail = firstFail(id);
        assertThat(fail.path("cohort").asString()).isEqualTo("hw:hw-brake");
        assertThat(fail.path("failures").asLong()).isPositive();
        JsonNode pause = transitionTo(id, "PAUSED");
        assertThat(pause.path("actor").asString()).isEqualTo("health-service");
        assertThat(pause.path("reason").asString()).contains("FAIL").contains("hw:hw-brake");
        Figures.record(
                "FAIL verdict (health-service) to campaign PAUSED",
                Duration.between(
                                        Instant.parse(fail.path("decidedAt").asString()),
                                        Instant.parse(pause.path("at").asString()))
                                .toMillis()
                        / 1000.0,
                "s");

        String rolledBack =
                story.awaitState(id, Set.of("ROLLED_BACK"), Duration.ofMinutes(3), line -> System.out.println(line));
        assertThat(rolledBack).isEqualTo("ROLLED_BACK");

        List<JsonNode> vehicles = story.campaignVehicles(id);
        List<JsonNode> beyondFirstStage =
                vehicles.stream().filter(v -> v.path("stage").asInt() > 1).toList();
        assertThat(beyondFirstStage).hasSize(30);
        assertThat(beyondFirstStage)
                .as("no vehicle outside stage 1 was assigned the faulty release")
                .allSatisfy(v -> assertThat(v.path("assignmentId").isNull()).isTrue());
        Set<String> failed = vehicles.stream()
                .filter(v -> v.path("status").asString().equals("FAILED"))
                .map(v -> v.path("vin").asString())
                .collect(Collectors.toSet());
        assertThat(failed).isNotEmpty();

        // one decision per failing cohort (hw:hw-brake, then model and all), each for the vehicles failed by then
        JsonNode decisions = await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> story.rollbackDecisions(id), ReleaseStorySystemTests::allCarriedOut);
        Set<String> rolledBackVins = new HashSet<>();
        for (JsonNode decision : decisions) {
            assertThat(decision.path("policy").asString()).isEqualTo("ROLLBACK_FAILED_VEHICLES");
            assertThat(decision.path("refused").asInt()).as("%s", decision).isZero();
            story.rollbackDecision(decision.path("id").asString())
                    .path("vehicles")
                    .forEach(v -> rolledBackVins.add(v.path("vin").asString()));
        }
        assertThat(rolledBackVins).isNotEmpty();
        assertThat(failed).as("rolled back vehicles are failed ones").containsAll(rolledBackVins);

        Set<String> beyond =
                beyondFirstStage.stream().map(v -> v.path("vin").asString()).collect(Collectors.toSet());
        for (FleetVehicle vehicle : fleet.now()) {
            if (beyond.contains(vehicle.vin())) {
                assertThat(vehicle.versionOn("hw-brake"))
                        .as("%s never left the last-known-good brake firmware", vehicle.vin())
                        .hasValue("2.0.0");
            }
            if (rolledBackVins.contains(vehicle.vin())) {
                // A brake ECU whose faulty image did not boot fell back to its other slot (2.0.0) by itself; the
                // re-release then finds those bytes installed. One that booted it and failed later installs the
                // re-release. Either way it runs the last-known-good bytes.
                assertThat(vehicle.versionOn("hw-brake"))
                        .as("%s runs the last-known-good bytes again", vehicle.vin())
                        .get()
                        .isIn("2.0.0", REBUILT_BRAKE_VERSION);
            }
        }
    }

    @Test
    @Order(3)
    void auditLogOfBothCampaignsVerifiesIntact() {
        JsonNode report = story.verifyAudit();
        assertThat(report.path("intact").asBoolean()).as("%s", report).isTrue();
        assertThat(report.path("entries").asLong()).isPositive();
        assertThat(report.path("firstBadIndex").isNull()).isTrue();
    }

    private static boolean allCarriedOut(JsonNode decisions) {
        if (decisions.isEmpty()) {
            return false;
        }
        for (JsonNode decision : decisions) {
            if (decision.path("succeeded").asInt() + decision.path("failed").asInt()
                    < decision.path("assigned").asInt()) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Long> statuses(String id) {
        Map<String, Long> counts = new TreeMap<>();
        story.campaignVehicles(id).forEach(v -> counts.merge(v.path("status").asString(), 1L, Long::sum));
        return counts;
    }

    private static JsonNode firstFail(String id) {
        for (JsonNode verdict : story.verdicts(id, 1)) {
            if (verdict.path("outcome").asString().equals("FAIL")) {
                return verdict;
            }
        }
        throw new AssertionError("no FAIL verdict for stage 1: " + story.verdicts(id, 1));
    }

    static JsonNode transitionTo(String id, String state) {
        for (JsonNode transition : story.transitions(id)) {
            if (transition.path("to").asString().equals(state)) {
                return transition;
            }
        }
        throw new AssertionError("no transition to " + state + ": " + story.transitions(id));
    }
}

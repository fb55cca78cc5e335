package dev.ota.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.launcher.LocalPlatform;
import dev.ota.launcher.demo.CampaignPlan;
import dev.ota.launcher.demo.FleetVehicle;
import dev.ota.launcher.demo.OtaStory;
import dev.ota.launcher.demo.Release;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Crashes mid-campaign: the campaign service and the device gateway are killed with SIGKILL while the first stage is
 * being installed, and started again. The campaign must still complete, with every vehicle assigned exactly once, every
 * assignment carried to its vehicle, and every vehicle updated once.
 */
class ServiceCrashSystemTests {

    private final OtaStory story = RunningPlatform.story();

    @Test
    void campaignCompletesAfterCampaignServiceAndGatewayAreKilledMidStageWithNoVehicleAssignedTwice() throws Exception {
        TestFleet fleet = TestFleet.create("crash", 30);
        Release release = new Release("crash-tcu-fw", "3.0.0", "hw-tcu", 3, 8 * 1024);
        story.upload(release);
        story.release(release);
        AuditTrail trail = AuditTrail.fromNow(story);

        String id = story.createAndSubmit(new CampaignPlan(
                "crash recovery",
                fleet.query(),
                List.of(release),
                List.of(
                        CampaignPlan.Stage.count(10, Duration.ofSeconds(2)),
                        CampaignPlan.Stage.count(20, Duration.ofSeconds(2))),
                new CampaignPlan.Health(0.2, 5, 0.9, Duration.ofSeconds(10)),
                "PAUSE_ONLY",
                6000,
                Duration.ofMinutes(5)));
        story.approve(id);
        Instant started = Instant.now();
        story.start(id);

        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> story.campaignVehicles(id).stream()
                        .anyMatch(v -> v.path("stage").asInt() == 1
                                && !v.path("status").asString().equals("PENDING")));
        LocalPlatform platform = RunningPlatform.get();
        platform.kill(OtaStory.CAMPAIGN);
        platform.kill(OtaStory.GATEWAY);
        Instant killed = Instant.now();
        platform.restart(OtaStory.GATEWAY, Duration.ofMinutes(3));
        platform.restart(OtaStory.CAMPAIGN, Duration.ofMinutes(3));
        Figures.record(
                "campaign-service + device-gateway: SIGKILL to both ready again",
                Duration.between(killed, Instant.now()).toMillis() / 1000.0,
                "s");

        String state = story.awaitState(
                id,
                Set.of("COMPLETED", "PAUSED", "ABORTED", "ROLLED_BACK"),
                Duration.ofMinutes(5),
                line -> System.out.println("[crash] " + line));
        assertThat(state).as("transitions: %s", story.transitions(id)).isEqualTo("COMPLETED");
        Figures.record(
                "crash campaign: 30 vehicles, 2 stages, two services killed, start to COMPLETED",
                Duration.between(started, Instant.now()).toMillis() / 1000.0,
                "s");

        List<JsonNode> vehicles = story.campaignVehicles(id);
        assertThat(vehicles).hasSize(30);
        assertThat(vehicles).allSatisfy(v -> {
            assertThat(v.path("status").asString()).as("%s", v).isEqualTo("SUCCEEDED");
            assertThat(v.path("attempts").asInt()).as("%s", v).isEqualTo(1);
        });
        for (FleetVehicle vehicle : fleet.now()) {
            assertThat(vehicle.versionOn("hw-tcu")).as(vehicle.vin()).hasValue("3.0.0");
        }

        Set<String> assignments =
                vehicles.stream().map(v -> v.path("assignmentId").asString()).collect(Collectors.toSet());
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> trail.ofType("ota.DirectorMetadataIssued", id).size() >= 30);
        List<AuditTrail.Entry> assigned = trail.ofType("ota.UpdateAssigned", id);
        Map<String, Long> perVin = new TreeMap<>();
        assigned.forEach(e -> perVin.merge(e.event().path("vin").asString(), 1L, Long::sum));
        assertThat(perVin).as("UpdateAssigned per VIN in the audit log").hasSize(30);
        assertThat(perVin.values()).as("no vehicle assigned twice").containsOnly(1L);
        assertThat(assigned.stream().map(e -> e.event().path("assignmentId").asString()))
                .containsExactlyInAnyOrderElementsOf(assignments);

        List<AuditTrail.Entry> issued = trail.ofType("ota.DirectorMetadataIssued", id);
        Set<String> issuedFor = new HashSet<>();
        issued.forEach(e -> issuedFor.add(e.event().path("assignmentId").asString()));
        assertThat(issuedFor).as("director metadata for every assignment").isEqualTo(assignments);
        assertThat(issued).as("director metadata issued once per assignment").hasSize(30);

        Map<Integer, Long> assignedPerStage = new TreeMap<>();
        for (int stage = 1; stage <= 2; stage++) {
            for (JsonNode cohort : story.stageHealth(id, stage).path("cohorts")) {
                if (cohort.path("cohort").asString().equals("all")) {
                    assignedPerStage.put(stage, cohort.path("assigned").asLong());
                }
            }
        }
        assertThat(assignedPerStage)
                .as("the health service counted each assignment once")
                .isEqualTo(Map.of(1, 10L, 2, 20L));
    }
}

package dev.ota.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.launcher.demo.CampaignPlan;
import dev.ota.launcher.demo.OtaStory;
import dev.ota.launcher.demo.Release;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A release that boots and starts fine but leaves a named application DOWN on a share of its vehicles is stopped in its
 * first stage like one that fails to boot: the campaign's criteria require the application UP on the updated hardware,
 * the simulator's vehicles report it DOWN in their beacons, health-service fails the stage naming the application and
 * the hardware, and campaign-service pauses the campaign before any vehicle of the second stage gets the release.
 */
class ApplicationDownSystemTests {

    private static final String HARDWARE = "hw-tcu";
    private static final String APPLICATION = "navigation";
    private static final Set<String> SETTLED = Set.of("COMPLETED", "PAUSED", "ABORTED", "ROLLED_BACK");

    private final OtaStory story = RunningPlatform.story();

    @Test
    void aReleaseLeavingARequiredApplicationDownIsStoppedInItsFirstStageWithAVerdictNamingTheApplication() {
        TestFleet fleet = TestFleet.create("app-down", StagedCampaign.VEHICLES);
        Release release = new Release("app-down-fw", "6.1.0-nav-down", HARDWARE, 7, 8 * 1024);
        story.upload(release);
        story.release(release);
        story.injectApplicationDown(release.version(), APPLICATION, 0.8);
        String id = story.createAndSubmit(new CampaignPlan(
                "application down",
                fleet.query(),
                List.of(release),
                List.of(
                        CampaignPlan.Stage.count(10, Duration.ofSeconds(2)),
                        CampaignPlan.Stage.count(20, Duration.ofSeconds(2))),
                new CampaignPlan.Health(
                        0.2,
                        5,
                        0.9,
                        Duration.ofSeconds(10),
                        List.of(new CampaignPlan.RequiredApplication(HARDWARE, APPLICATION))),
                "PAUSE_ONLY",
                6000,
                Duration.ofMinutes(5)));
        story.approve(id);
        Instant started = Instant.now();
        story.start(id);

        String stopped = story.awaitState(
                id, SETTLED, Duration.ofMinutes(4), line -> System.out.println("[application down] " + line));
        assertThat(stopped).as("transitions: %s", story.transitions(id)).isEqualTo("PAUSED");
        Figures.record(
                "application DOWN release: start to paused (10-vehicle first stage)",
                Duration.between(started, Instant.now()).toMillis() / 1000.0,
                "s");

        JsonNode fail = firstFail(id);
        assertThat(fail.path("cohort").asString()).isIn("hw:" + HARDWARE, "all", "model:Sim-S");
        assertThat(fail.path("rule").asString())
                .as("the verdict names the application and the hardware before the numbers")
                .matches(APPLICATION + " DOWN on \\d+ of \\d+ vehicles \\(hardware " + HARDWARE + "\\).*");
        JsonNode failures = story.stageHealth(id, 1);
        assertThat(failures.path("applications").findValuesAsString("name")).contains(APPLICATION);
        JsonNode pause = ReleaseStorySystemTests.transitionTo(id, "PAUSED");
        assertThat(pause.path("actor").asString()).isEqualTo("health-service");
        assertThat(pause.path("reason").asString())
                .contains(APPLICATION + " DOWN on")
                .contains(HARDWARE);
        assertThat(story.stages(id).get(0).path("verdictDetail").asString())
                .as("what the dashboard and `ota campaign watch` show")
                .contains(APPLICATION + " DOWN on");

        List<JsonNode> vehicles = story.campaignVehicles(id);
        assertThat(vehicles.stream().filter(v -> v.path("stage").asInt() > 1))
                .as("no vehicle outside stage 1 was assigned the release")
                .hasSize(20)
                .allSatisfy(v -> assertThat(v.path("assignmentId").isNull()).isTrue());
    }

    private JsonNode firstFail(String id) {
        for (JsonNode verdict : story.verdicts(id, 1)) {
            if (verdict.path("outcome").asString().equals("FAIL")) {
                return verdict;
            }
        }
        throw new AssertionError("no FAIL verdict for stage 1: " + story.verdicts(id, 1));
    }
}

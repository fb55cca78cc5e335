package dev.ota.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.launcher.demo.Actor;
import dev.ota.launcher.demo.CampaignPlan;
import dev.ota.launcher.demo.FleetVehicle;
import dev.ota.launcher.demo.OtaStory;
import dev.ota.launcher.demo.Release;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Attacks between the platform and the vehicle (the simulator's attacker sits on the vehicle's side of the link): the
 * vehicle refuses the update, keeps its firmware, and the refusal with the attack it saw reaches the campaign.
 */
class VehicleAttackSystemTests {

    private final OtaStory story = RunningPlatform.story();

    @Test
    void vehiclesRefuseTamperedMetadataAndSwappedImagesAndTheCampaignSeesWhy() {
        TestFleet fleet = TestFleet.create("attack", 4);
        List<String> vins =
                fleet.vehicles().stream().map(FleetVehicle::vin).sorted().toList();
        story.attack(List.of(vins.get(0), vins.get(1)), "BAD_SIGNATURE");
        story.attack(List.of(vins.get(2)), "COMPROMISED_IMAGE_SERVER");
        String untouched = vins.get(3);
        Release release = new Release("atk-tcu-fw", "1.1.0", "hw-tcu", 2, 8 * 1024);
        story.upload(release);
        story.release(release);

        String id = story.createAndSubmit(new CampaignPlan(
                "attacked rollout",
                fleet.query(),
                List.of(release),
                List.of(CampaignPlan.Stage.percent(100, Duration.ofSeconds(1))),
                new CampaignPlan.Health(0.5, 1, 0.9, Duration.ofSeconds(5)),
                "PAUSE_ONLY",
                6000,
                Duration.ofMinutes(5)));
        story.approve(id);
        story.start(id);

        Map<String, JsonNode> byVin = await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> vehicles(id),
                        v -> v.size() == 4 && v.values().stream().allMatch(this::settled));

        for (String attacked : vins.subList(0, 3)) {
            JsonNode vehicle = byVin.get(attacked);
            assertThat(vehicle.path("status").asString()).as("%s", vehicle).isEqualTo("FAILED");
            assertThat(vehicle.path("reason").asString())
                    .as("%s", vehicle)
                    .contains("REJECTED")
                    .contains("attack");
        }
        assertThat(byVin.get(untouched).path("status").asString()).isEqualTo("SUCCEEDED");

        for (FleetVehicle vehicle : fleet.now()) {
            boolean attacked = !vehicle.vin().equals(untouched);
            assertThat(vehicle.versionOn("hw-tcu"))
                    .as("%s keeps its firmware unless it is the untouched vehicle", vehicle.vin())
                    .hasValue(attacked ? "1.0.0" : "1.1.0");
        }
        JsonNode detected = story.client()
                .get(Actor.FLEET_OPS, OtaStory.SIMULATOR, "/api/v1/fleet/vehicles/" + vins.get(2))
                .orFail("vehicle")
                .json()
                .path("attacksDetected");
        assertThat(detected.size()).as("attacks the vehicle saw: %s", detected).isPositive();

        JsonNode aborted = story.client()
                .post(Actor.FLEET_OPS, OtaStory.CAMPAIGN, "/api/campaigns/" + id + "/abort", Map.of("reason", "attack"))
                .orFail("abort")
                .json();
        assertThat(aborted.path("state").asString()).isEqualTo("ABORTED");
    }

    private boolean settled(JsonNode vehicle) {
        return List.of("SUCCEEDED", "FAILED", "TIMED_OUT")
                .contains(vehicle.path("status").asString());
    }

    private Map<String, JsonNode> vehicles(String id) {
        return story.campaignVehicles(id).stream()
                .collect(Collectors.toMap(v -> v.path("vin").asString(), v -> v));
    }
}

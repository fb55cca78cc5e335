package dev.ota.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.launcher.demo.Actor;
import dev.ota.launcher.demo.CampaignPlan;
import dev.ota.launcher.demo.FleetVehicle;
import dev.ota.launcher.demo.OtaStory;
import dev.ota.launcher.demo.Release;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a vehicle enforces from the install conditions the director signed, end to end through the real jars: the
 * campaign's geofence, checked by the vehicle against its own position (moved through the simulator's control API),
 * and a three-ECU bundle installed in its declared order whose second ECU does not boot, so that every ECU of the
 * bundle goes back to its previous image and the campaign shows why.
 */
class VehicleInstallConditionsSystemTests {

    private static final Duration WAIT = Duration.ofMinutes(3);
    private final OtaStory story = RunningPlatform.story();

    @Test
    void aVehicleOutsideTheCampaignsGeofenceDoesNotInstallUntilItIsMovedInside() throws InterruptedException {
        TestFleet fleet = TestFleet.create("geofence", 1);
        String vin = fleet.vehicles().getFirst().vin();
        story.changeVehicle(vin, Map.of("latitude", 52.52, "longitude", 13.40));
        Release release = new Release("geofence-fw", "6.1.0", "hw-tcu", 6, 8 * 1024);
        story.upload(release);
        story.release(release);
        Map<String, Object> definition =
                plan("geofence", fleet, List.of(release)).definition();
        Map<String, Object> depot = Map.of(
                "name",
                "depot",
                "corners",
                List.of(
                        Map.of("lat", 48.0, "lon", 11.0),
                        Map.of("lat", 48.0, "lon", 12.0),
                        Map.of("lat", 49.0, "lon", 12.0),
                        Map.of("lat", 49.0, "lon", 11.0)));
        policies(definition).put("geofence", Map.of("allow", List.of(depot), "deny", List.of()));

        String id = started(definition);

        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> simulated(vin).path("waitingFor").asString().contains("outside every allowed area"));
        Thread.sleep(10_000);
        assertThat(simulated(vin).path("status").asString()).isEqualTo("WAITING_FOR_CONDITIONS");
        assertThat(fleet.now().getFirst().versionOn("hw-tcu")).isNotEqualTo(java.util.Optional.of("6.1.0"));
        assertThat(statusOf(id, vin)).as("assigned, not installed").isIn("ASSIGNED", "IN_PROGRESS");

        story.changeVehicle(vin, Map.of("latitude", 48.5, "longitude", 11.5));

        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> "SUCCEEDED".equals(statusOf(id, vin)));
        assertThat(fleet.now().getFirst().versionOn("hw-tcu")).hasValue("6.1.0");
    }

    @Test
    void aThreeEcuBundleWhoseSecondEcuDoesNotBootLeavesAllThreeOnTheirPreviousImagesAndSaysWhy() {
        TestFleet fleet = TestFleet.create("bundle-revert", 1);
        FleetVehicle before = fleet.now().getFirst();
        String vin = before.vin();
        Release gateway = new Release("bundle-tcu-fw", "6.2.0", "hw-tcu", 6, 8 * 1024);
        Release brake = new Release("bundle-brake-fw", "6.2.0-bootloop", "hw-brake", 6, 8 * 1024);
        Release battery = new Release("bundle-bms-fw", "6.2.0", "hw-bms", 6, 8 * 1024);
        for (Release release : List.of(gateway, brake, battery)) {
            story.upload(release);
            story.release(release);
        }
        story.injectFaults(brake.version(), Map.of("bootFailure", 1.0));
        Map<String, Object> definition =
                plan("bundle-revert", fleet, List.of(battery, brake, gateway)).definition();
        // listed battery first; the declared order puts the telematics unit first, then brake, then battery
        Map<String, Object> bundle = new LinkedHashMap<>(bundleOf(definition));
        bundle.put("installOrder", List.of("hw-tcu", "hw-brake", "hw-bms"));
        definition.put("bundle", bundle);

        String id = started(definition);

        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> "FAILED".equals(statusOf(id, vin)));
        JsonNode failed = campaignVehicle(id, vin);
        assertThat(failed.path("reason").asString())
                .startsWith("REVERTED: boot of 6.2.0-bootloop failed on ECU ")
                .contains("(hw-brake)")
                .contains("every ECU of the bundle is back on its previous image");
        FleetVehicle after = fleet.now().getFirst();
        for (String hardwareId : List.of("hw-tcu", "hw-brake", "hw-bms")) {
            assertThat(after.versionOn(hardwareId)).as(hardwareId).isEqualTo(before.versionOn(hardwareId));
        }
        JsonNode simulated = simulated(vin);
        Map<String, String> serials = new LinkedHashMap<>();
        simulated
                .path("ecus")
                .forEach(ecu -> serials.put(
                        ecu.path("hardwareId").asString(), ecu.path("serial").asString()));
        simulated
                .path("ecus")
                .forEach(ecu -> assertThat(ecu.path("activeSlot").asString())
                        .as("%s", ecu)
                        .isEqualTo("A"));
        List<String> log = new ArrayList<>();
        simulated.path("installLog").forEach(line -> log.add(line.asString()));
        assertThat(log)
                .containsExactly(
                        serials.get("hw-tcu") + " wrote 6.2.0",
                        serials.get("hw-tcu") + " booted 6.2.0",
                        serials.get("hw-brake") + " wrote 6.2.0-bootloop",
                        serials.get("hw-brake") + " failed to boot 6.2.0-bootloop",
                        serials.get("hw-tcu") + " reverted to "
                                + before.versionOn("hw-tcu").orElseThrow());
    }

    private static CampaignPlan plan(String name, TestFleet fleet, List<Release> bundle) {
        return new CampaignPlan(
                name,
                fleet.query(),
                bundle,
                List.of(CampaignPlan.Stage.count(fleet.vehicles().size(), Duration.ofSeconds(2))),
                new CampaignPlan.Health(0.2, 5, 0.9, Duration.ofSeconds(10)),
                "PAUSE_ONLY",
                6000,
                Duration.ofMinutes(5));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> policies(Map<String, Object> definition) {
        Map<String, Object> policies = new LinkedHashMap<>((Map<String, Object>) definition.get("policies"));
        definition.put("policies", policies);
        return policies;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> bundleOf(Map<String, Object> definition) {
        return (Map<String, Object>) definition.get("bundle");
    }

    /** Creates, submits, approves and starts the campaign as the people who would. */
    private String started(Map<String, Object> definition) {
        String id = story.client()
                .post(Actor.RELEASE_ENGINEER, OtaStory.CAMPAIGN, "/api/campaigns", definition)
                .orFail("campaign creation")
                .json()
                .path("id")
                .asString();
        story.client()
                .post(Actor.RELEASE_ENGINEER, OtaStory.CAMPAIGN, "/api/campaigns/" + id + "/submit", null)
                .orFail("submission");
        story.approve(id);
        story.start(id);
        return id;
    }

    private JsonNode simulated(String vin) {
        return story.client()
                .get(Actor.FLEET_OPS, OtaStory.SIMULATOR, "/api/v1/fleet/vehicles/" + vin)
                .orFail("vehicle " + vin)
                .json();
    }

    private JsonNode campaignVehicle(String id, String vin) {
        return story.campaignVehicles(id).stream()
                .filter(v -> v.path("vin").asString().equals(vin))
                .findFirst()
                .orElseThrow();
    }

    private String statusOf(String id, String vin) {
        return story.campaignVehicles(id).stream()
                .filter(v -> v.path("vin").asString().equals(vin))
                .map(v -> v.path("status").asString())
                .collect(Collectors.joining());
    }
}

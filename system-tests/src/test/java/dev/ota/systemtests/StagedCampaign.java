package dev.ota.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.launcher.demo.CampaignPlan;
import dev.ota.launcher.demo.FleetVehicle;
import dev.ota.launcher.demo.OtaStory;
import dev.ota.launcher.demo.Release;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A two-stage campaign (a third of its fleet, then the rest; 10 and 20 by default) over its own test fleet, for the tests that disturb the platform
 * mid-campaign: started, followed into its first stage, and checked at the end for what a disturbance must not cause
 * (a vehicle assigned twice, an assignment without director metadata, a vehicle updated twice or not at all).
 */
final class StagedCampaign {

    static final int VEHICLES = 30;
    private static final Set<String> FINAL_STATES = Set.of("COMPLETED", "PAUSED", "ABORTED", "ROLLED_BACK");

    private final OtaStory story = RunningPlatform.story();
    private final String name;
    private final TestFleet fleet;
    private final Release release;
    private final AuditTrail trail;
    private final String id;
    private final Instant started;
    private final int size;
    private final int firstStage;

    private StagedCampaign(
            String name, TestFleet fleet, Release release, AuditTrail trail, String id, Instant started, int size) {
        this.size = size;
        this.firstStage = size / 3;
        this.name = name;
        this.fleet = fleet;
        this.release = release;
        this.trail = trail;
        this.id = id;
        this.started = started;
    }

    /** Creates the fleet, uploads and releases the image, and starts the campaign (approved, PAUSE_ONLY). */
    static StagedCampaign start(String name, Release release) {
        return start(name, release, VEHICLES);
    }

    /** The same over {@code size} vehicles: a third of them in stage 1, the rest in stage 2. */
    static StagedCampaign start(String name, Release release, int size) {
        return start(name, release, size, fleet -> {});
    }

    /** The same, with a step between creating the fleet (and releasing the image) and starting the campaign. */
    static StagedCampaign start(
            String name, Release release, int size, java.util.function.Consumer<TestFleet> beforeStart) {
        return start(name, release, size, Duration.ofSeconds(2), beforeStart);
    }

    /** The same, each stage soaking {@code soak} after its vehicles updated before its verdict. */
    static StagedCampaign start(
            String name, Release release, int size, Duration soak, java.util.function.Consumer<TestFleet> beforeStart) {
        OtaStory story = RunningPlatform.story();
        TestFleet fleet = TestFleet.create(name, size);
        story.upload(release);
        story.release(release);
        AuditTrail trail = AuditTrail.fromNow(story);
        String id = story.createAndSubmit(new CampaignPlan(
                name,
                fleet.query(),
                List.of(release),
                List.of(CampaignPlan.Stage.count(size / 3, soak), CampaignPlan.Stage.count(size - size / 3, soak)),
                new CampaignPlan.Health(0.2, 5, 0.9, Duration.ofSeconds(10)),
                "PAUSE_ONLY",
                6000,
                Duration.ofMinutes(5)));
        story.approve(id);
        beforeStart.accept(fleet);
        Instant started = Instant.now();
        story.start(id);
        return new StagedCampaign(name, fleet, release, trail, id, started, size);
    }

    TestFleet fleet() {
        return fleet;
    }

    String id() {
        return id;
    }

    AuditTrail trail() {
        return trail;
    }

    Instant started() {
        return started;
    }

    /** Waits until the first vehicle of stage 1 has left PENDING: its install is under way. */
    void awaitFirstStageInstalling() {
        awaitVehicleOfStage(1, status -> !status.equals("PENDING"));
    }

    /** Waits until a vehicle of the stage has a status (as the campaign service shows it) that matches. */
    void awaitVehicleOfStage(int stage, Predicate<String> status) {
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> vehicles().stream()
                        .anyMatch(v -> v.path("stage").asInt() == stage
                                && status.test(v.path("status").asString())));
    }

    int firstStage() {
        return firstStage;
    }

    List<JsonNode> vehicles() {
        return story.campaignVehicles(id);
    }

    /** Each vehicle's status and reported phase by VIN, as fleet operations sees them: a change in either is progress. */
    Map<String, String> progress() {
        return vehicles().stream()
                .collect(Collectors.toMap(
                        v -> v.path("vin").asString(),
                        v -> v.path("status").asString() + "/" + v.path("phase").asString(),
                        (a, b) -> a,
                        TreeMap::new));
    }

    /** Waits until the campaign is COMPLETED, or fails with the state it ended in and its transitions. */
    void awaitCompleted() {
        String state = story.awaitState(
                id, FINAL_STATES, Duration.ofMinutes(5), line -> System.out.println("[" + name + "] " + line));
        assertThat(state).as("transitions: %s", story.transitions(id)).isEqualTo("COMPLETED");
    }

    /**
     * Checks every vehicle succeeded at the first attempt and runs the released version now.
     *
     * @return the campaign's assignment ids, one per vehicle
     */
    Set<String> assertEveryVehicleUpdatedOnce() {
        List<JsonNode> vehicles = vehicles();
        assertThat(vehicles).hasSize(size);
        assertThat(vehicles).allSatisfy(v -> {
            assertThat(v.path("status").asString()).as("%s", v).isEqualTo("SUCCEEDED");
            assertThat(v.path("attempts").asInt()).as("%s", v).isEqualTo(1);
        });
        for (FleetVehicle vehicle : fleet.now()) {
            assertThat(vehicle.versionOn(release.hardwareId()))
                    .as(vehicle.vin())
                    .hasValue(release.version());
        }
        Set<String> assignments =
                vehicles.stream().map(v -> v.path("assignmentId").asString()).collect(Collectors.toSet());
        assertThat(assignments).as("one assignment per vehicle").hasSize(size);
        return assignments;
    }

    /**
     * Checks the audit log: one UpdateAssigned per vehicle, for exactly the given assignments, and director metadata
     * issued once for each of them.
     */
    void assertAssignedOnceWithDirectorMetadataOnce(Set<String> assignments) {
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> trail.ofType("ota.DirectorMetadataIssued", id).size() >= size);
        List<AuditTrail.Entry> assigned = trail.ofType("ota.UpdateAssigned", id);
        Map<String, Long> perVin = count(assigned, e -> e.event().path("vin").asString());
        assertThat(perVin).as("UpdateAssigned per VIN in the audit log").hasSize(size);
        assertThat(perVin.values()).as("no vehicle assigned twice").containsOnly(1L);
        assertThat(perVin.keySet()).isEqualTo(fleet.vins());
        assertThat(assigned.stream().map(e -> e.event().path("assignmentId").asString()))
                .containsExactlyInAnyOrderElementsOf(assignments);

        Map<String, Long> issued = count(
                trail.ofType("ota.DirectorMetadataIssued", id),
                e -> e.event().path("assignmentId").asString());
        assertThat(issued.keySet()).as("director metadata for every assignment").isEqualTo(assignments);
        assertThat(issued.values())
                .as("director metadata issued once per assignment")
                .containsOnly(1L);
    }

    /** Checks the health service counted each assignment once: a third in stage 1, the rest in stage 2. */
    void assertHealthCountedEachAssignmentOnce() {
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
                .isEqualTo(Map.of(1, (long) firstStage, 2, (long) (size - firstStage)));
    }

    /**
     * Checks each vehicle's register in the audit log (R156 §7.1.2): this campaign's update of every vehicle names the
     * configuration before it, taken from the vehicle's last verified manifest, and the released one after.
     */
    void assertEveryUpdateHasItsBefore() {
        for (String vin : fleet.vins()) {
            JsonNode history = story.vehicleHistory(vin);
            List<JsonNode> changes = new java.util.ArrayList<>();
            for (JsonNode register : history.path("rxswins")) {
                for (JsonNode update : register.path("updates")) {
                    if (update.path("campaign").path("campaignId").asString().equals(id)) {
                        update.path("ecus").forEach(changes::add);
                    }
                }
            }
            assertThat(changes)
                    .as("the update of %s in its audit register", vin)
                    .isNotEmpty();
            assertThat(changes).allSatisfy(change -> {
                assertThat(change.path("before").isObject())
                        .as("before of %s: %s", vin, change)
                        .isTrue();
                assertThat(change.path("before").path("targetPath").asString()).isNotBlank();
                assertThat(change.path("after").path("version").asString()).isEqualTo(release.version());
            });
        }
    }

    static <T> Map<String, Long> count(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }

    static double secondsBetween(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}

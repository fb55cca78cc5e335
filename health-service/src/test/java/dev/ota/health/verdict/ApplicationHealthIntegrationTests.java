package dev.ota.health.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.ApplicationCheck;
import dev.ota.contracts.events.ApplicationStatus;
import dev.ota.contracts.events.HealthCriteria;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.events.RequiredApplication;
import dev.ota.contracts.events.StageStarted;
import dev.ota.contracts.events.StageVerdict;
import dev.ota.contracts.events.VerdictOutcome;
import dev.ota.health.Events;
import dev.ota.health.Fleet;
import dev.ota.health.Fleet.Vehicle;
import dev.ota.health.HealthApi;
import dev.ota.health.Verdicts;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.WithRealInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Applications a stage requires UP, per hardware id: beacons naming them DOWN fail vehicles and verdicts name them. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure(database = "health")
class ApplicationHealthIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String HEAD_UNIT = "head-unit";
    private static final String TCU = "tcu-1";

    @LocalServerPort
    int port;

    @Test
    void aStageWhoseRequiredApplicationIsDownOnEnoughVehiclesFailsNamingTheApplicationAndItsHardware() {
        UUID campaign = UUID.randomUUID();
        List<Vehicle> vehicles = new ArrayList<>();
        List<OtaEvent> events = new ArrayList<>();
        // at most 10% failing; the FAIL needs all 10 exposed and then exactly 3 failures (2 of 10 is not enough)
        events.add(stageRequiringNavigation(campaign, 10, 0.10, 10, Duration.ofHours(1)));
        for (int i = 0; i < 10; i++) {
            Vehicle vehicle = Fleet.vehicle("sedan", TCU, HEAD_UNIT);
            vehicles.add(vehicle);
            events.add(vehicle.assigned(campaign, 1));
            events.add(vehicle.progress(InstallPhase.SUCCEEDED));
        }
        Events.send(events);
        HealthApi api = new HealthApi(port);
        await().atMost(PATIENCE).until(() -> {
            JsonNode all = api.cohort(campaign, 1, "all");
            return all != null && all.get("soaking").asLong() == 10;
        });

        // first the vehicles that stay in: 2 with navigation DEGRADED, 5 with it UP; then the 3 with it DOWN
        Events.send(beacons(vehicles.subList(3, 10), i -> i < 2 ? ApplicationStatus.DEGRADED : ApplicationStatus.UP));
        await().atMost(PATIENCE)
                .until(() -> application(
                                        api.json("/api/health/campaigns/" + campaign + "/stages/1"),
                                        HEAD_UNIT,
                                        "navigation")
                                .get("degraded")
                                .asLong()
                        == 2);
        Events.send(beacons(vehicles.subList(0, 3), i -> ApplicationStatus.DOWN));

        StageVerdict fail = verdict(campaign, "hw:" + HEAD_UNIT, VerdictOutcome.FAIL);
        assertThat(fail.failures()).isEqualTo(3);
        assertThat(fail.reason())
                .isEqualTo("navigation DOWN on 3 of 10 vehicles (hardware head-unit);"
                        + " navigation DEGRADED on 2 of 10 vehicles (hardware head-unit)");
        assertThat(fail.rule()).startsWith("wilson-lower-bound");
        assertThat(verdict(campaign, "all", VerdictOutcome.FAIL).reason())
                .startsWith("navigation DOWN on 3 of 10 vehicles (hardware head-unit)");
        assertThat(verdicts(campaign))
                .filteredOn(v -> v.cohort().equals("hw:" + TCU))
                .noneMatch(v -> v.outcome() == VerdictOutcome.FAIL);

        JsonNode failures = api.json("/api/health/campaigns/" + campaign + "/stages/1/failures");
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).get("reason").asString()).isEqualTo("APPLICATION_DOWN");
        assertThat(failures.get(0).get("hardwareId").asString()).isEqualTo(HEAD_UNIT);
        assertThat(failures.get(0).get("failures").asLong()).isEqualTo(3);
        JsonNode history = api.json("/api/health/campaigns/" + campaign + "/stages/1/verdicts");
        assertThat(history.findValuesAsString("rule"))
                .anySatisfy(rule -> assertThat(rule)
                        .startsWith("navigation DOWN on 3 of 10 vehicles (hardware head-unit)")
                        .contains("wilson-lower-bound"));
        JsonNode stage = api.json("/api/health/campaigns/" + campaign + "/stages/1");
        assertThat(stage.get("criteria")
                        .get("requiredApplications")
                        .get(0)
                        .get("name")
                        .asString())
                .isEqualTo("navigation");
        JsonNode navigation = application(stage, HEAD_UNIT, "navigation");
        assertThat(navigation.get("required").asBoolean()).isTrue();
        assertThat(navigation.get("down").asLong()).isEqualTo(3);
        assertThat(navigation.get("degraded").asLong()).isEqualTo(2);
    }

    @Test
    void anApplicationDownOnlyOnAnotherHardwareIdThanTheOneThatRequiresItDoesNotFailTheStage() {
        UUID campaign = UUID.randomUUID();
        List<OtaEvent> events = new ArrayList<>();
        events.add(stageRequiringNavigation(campaign, 10, 0.30, 10, Duration.ofSeconds(1)));
        List<OtaEvent> beacons = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Vehicle vehicle = Fleet.vehicle("sedan", TCU, HEAD_UNIT);
            events.add(vehicle.assigned(campaign, 1));
            beacons.add(vehicle.progress(InstallPhase.SUCCEEDED));
            // the telematics unit runs its own "navigation" (not required there), and it is DOWN on every vehicle
            beacons.add(vehicle.beaconWith(0, new ApplicationCheck("navigation", ApplicationStatus.DOWN, "no fix")));
            beacons.add(vehicle.beaconWith(1, up("navigation")));
        }
        Events.send(events);
        Events.send(beacons);

        StageVerdict pass = verdict(campaign, "all", VerdictOutcome.PASS);
        assertThat(pass.samples()).isEqualTo(10);
        assertThat(pass.failures()).isZero();
        assertThat(pass.reason()).isNull();
        assertThat(verdicts(campaign)).noneMatch(v -> v.outcome() == VerdictOutcome.FAIL);
        JsonNode stage = new HealthApi(port).json("/api/health/campaigns/" + campaign + "/stages/1");
        JsonNode elsewhere = application(stage, TCU, "navigation");
        assertThat(elsewhere.get("required").asBoolean()).isFalse();
        assertThat(elsewhere.get("down").asLong())
                .as("counted and shown, not a failure")
                .isEqualTo(10);
    }

    @Test
    void aVehicleWhoseRequiredApplicationNeverReportsUpDoesNotConfirmAndTimesOut() {
        UUID campaign = UUID.randomUUID();
        Vehicle silentApp = Fleet.vehicle("sedan", HEAD_UNIT);
        Vehicle reportsApp = Fleet.vehicle("sedan", HEAD_UNIT);
        Events.send(
                stageRequiringNavigation(campaign, 2, 0.05, 1, Duration.ofSeconds(1)),
                silentApp.assigned(campaign, 1),
                reportsApp.assigned(campaign, 1));
        Events.send(
                silentApp.progress(InstallPhase.SUCCEEDED),
                reportsApp.progress(InstallPhase.SUCCEEDED),
                silentApp.beaconWith(0, up("radio")),
                reportsApp.beaconWith(0, up("radio"), up("navigation")));
        HealthApi api = new HealthApi(port);

        await().atMost(PATIENCE).until(() -> {
            JsonNode all = api.cohort(campaign, 1, "all");
            return all != null
                    && all.get("healthy").asLong() == 1
                    && all.get("timedOut").asLong() == 1;
        });
        assertThat(api.json("/api/health/campaigns/" + campaign + "/stages/1/failures")
                        .findValuesAsString("reason"))
                .containsExactly("NO_HEALTH_CONFIRMATION");
    }

    @Test
    void aBeaconWithMoreApplicationChecksThanTheLimitIsDeadLetteredByTheReaderAndTheNextOneIsApplied() {
        UUID campaign = UUID.randomUUID();
        Vehicle vehicle = Fleet.vehicle("sedan", HEAD_UNIT);
        Events.send(stageRequiringNavigation(campaign, 1, 0.05, 1, Duration.ofHours(1)), vehicle.assigned(campaign, 1));
        StringBuilder checks = new StringBuilder();
        for (int i = 0; i < 33; i++) {
            checks.append(i == 0 ? "" : ",").append("{\"name\":\"app").append(i).append("\",\"status\":\"UP\"}");
        }
        String overBound = """
                {"type":"ota.HealthBeacon.v1","schemaVersion":1,"eventId":"%s","occurredAt":"%s","vin":"%s",
                 "assignmentId":"%s","ecuSerial":"%s","hardwareId":"head-unit","bootOk":true,"appStarted":true,
                 "dtcDelta":0,"measuredAt":"%s","applications":[%s]}
                """.formatted(
                        UUID.randomUUID(),
                        Instant.now(),
                        vehicle.vin(),
                        vehicle.assignmentId(),
                        vehicle.ecus().getFirst().ecuSerial(),
                        Instant.now(),
                        checks);
        KafkaTestClient.send(Topics.VEHICLE_HEALTH, vehicle.vin(), overBound);
        Events.send(vehicle.beaconWith(0, new ApplicationCheck("navigation", ApplicationStatus.DOWN, null)));

        var dead = KafkaTestClient.await(
                Topics.deadLetter(Topics.VEHICLE_HEALTH), r -> vehicle.vin().equals(r.key()), PATIENCE);
        assertThat(KafkaTestClient.header(dead, Headers.DEAD_LETTER_REASON))
                .contains("33 application checks exceed the limit of 32 per beacon");
        HealthApi api = new HealthApi(port);
        await().atMost(PATIENCE).until(() -> {
            JsonNode all = api.cohort(campaign, 1, "all");
            return all != null && all.get("unhealthy").asLong() == 1;
        });
    }

    private static StageStarted stageRequiringNavigation(
            UUID campaign, int cohortSize, double maxFailureRate, int minSamples, Duration soak) {
        return new StageStarted(
                UUID.randomUUID(),
                Instant.now(),
                campaign,
                1,
                cohortSize,
                new HealthCriteria(
                        maxFailureRate,
                        minSamples,
                        0.95,
                        soak,
                        0,
                        List.of(new RequiredApplication(HEAD_UNIT, "navigation"))));
    }

    /** Each vehicle's telematics unit with telematics UP, and its head unit with navigation as given (by index). */
    private static List<OtaEvent> beacons(List<Vehicle> vehicles, IntFunction<ApplicationStatus> navigationOf) {
        List<OtaEvent> beacons = new ArrayList<>();
        for (int i = 0; i < vehicles.size(); i++) {
            ApplicationStatus navigation = navigationOf.apply(i);
            beacons.add(vehicles.get(i).beaconWith(0, up("telematics")));
            beacons.add(vehicles.get(i)
                    .beaconWith(
                            1,
                            new ApplicationCheck("navigation", navigation, "map service " + navigation),
                            up("radio")));
        }
        return beacons;
    }

    private static ApplicationCheck up(String name) {
        return new ApplicationCheck(name, ApplicationStatus.UP, null);
    }

    private static JsonNode application(JsonNode stage, String hardwareId, String name) {
        for (JsonNode application : stage.get("applications")) {
            if (application.get("hardwareId").asString().equals(hardwareId)
                    && application.get("name").asString().equals(name)) {
                return application;
            }
        }
        throw new AssertionError("no application " + name + " of " + hardwareId + " in " + stage);
    }

    private static StageVerdict verdict(UUID campaign, String cohort, VerdictOutcome outcome) {
        return Verdicts.await(campaign, cohort, outcome);
    }

    private static List<StageVerdict> verdicts(UUID campaign) {
        return Verdicts.all(campaign);
    }
}

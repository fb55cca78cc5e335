package dev.ota.health.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.Topics;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.OtaEvent;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure(database = "health")
class StageVerdictIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Test
    void failureConfinedToOneHardwareIdFailsThatCohortAndNamesItButNotTheOtherHardware() {
        UUID campaign = UUID.randomUUID();
        List<OtaEvent> events = new ArrayList<>();
        events.add(Fleet.stageStarted(campaign, 1, 60, 0.05, Duration.ofSeconds(1)));
        List<OtaEvent> reports = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            boolean brakeB = i >= 30;
            Vehicle vehicle = Fleet.vehicle("sedan", "tcu-1", brakeB ? "brake-b" : "brake-a");
            events.add(vehicle.assigned(campaign, 1));
            reports.add(vehicle.progress(InstallPhase.DOWNLOADING));
            reports.add(vehicle.progress(InstallPhase.SUCCEEDED));
            reports.add(vehicle.beacon(0, true, true, 0));
            boolean bootFails = brakeB && i % 4 == 0;
            reports.add(vehicle.beacon(1, !bootFails, !bootFails, 0));
        }
        Events.send(events);
        Events.send(reports);

        StageVerdict fail = verdict(campaign, "hw:brake-b", VerdictOutcome.FAIL);
        assertThat(fail.stage()).isEqualTo(1);
        assertThat(fail.failures()).isPositive();
        assertThat(fail.rule()).contains("wilson-lower-bound");
        verdict(campaign, "hw:tcu-1", VerdictOutcome.PASS);
        assertThat(verdicts(campaign))
                .filteredOn(v -> v.outcome() == VerdictOutcome.FAIL)
                .extracting(StageVerdict::cohort)
                .containsOnly("hw:brake-b", "all", "model:sedan")
                .doesNotContain("hw:brake-a", "hw:tcu-1");
        JsonNode failures = new HealthApi(port).json("/api/health/campaigns/" + campaign + "/stages/1/failures");
        assertThat(failures.get(0).get("reason").asString()).isEqualTo("BOOT_FAILED");
        assertThat(failures.get(0).get("hardwareId").asString()).isEqualTo("brake-b");
        assertThat(failures.get(0).get("failures").asLong()).isEqualTo(7);
    }

    @Test
    void fortyCarCanaryNeitherPassesOnLuckNorFailsOnOneFlake() {
        UUID luckyCanary = UUID.randomUUID();
        UUID flakyCanary = UUID.randomUUID();
        List<OtaEvent> events = new ArrayList<>();
        List<OtaEvent> reports = new ArrayList<>();
        for (UUID campaign : List.of(luckyCanary, flakyCanary)) {
            events.add(Fleet.stageStarted(campaign, 0, 40, 0.05, Duration.ZERO));
            for (int i = 0; i < 40; i++) {
                Vehicle vehicle = Fleet.vehicle("van", "gw-1");
                events.add(vehicle.assigned(campaign, 0));
                reports.add(vehicle.progress(InstallPhase.SUCCEEDED));
                boolean flake = campaign.equals(flakyCanary) && i == 7;
                reports.add(vehicle.beacon(0, !flake, true, 0));
            }
        }
        Events.send(events);
        Events.send(reports);

        StageVerdict lucky = verdict(luckyCanary, "all", VerdictOutcome.INSUFFICIENT_DATA);
        StageVerdict flaky = verdict(flakyCanary, "all", VerdictOutcome.INSUFFICIENT_DATA);

        assertThat(lucky.samples()).isEqualTo(40);
        assertThat(lucky.failureRateUpperBound()).isGreaterThan(0.05);
        assertThat(flaky.failures()).isEqualTo(1);
        assertThat(verdicts(luckyCanary)).noneMatch(v -> v.outcome() != VerdictOutcome.INSUFFICIENT_DATA);
        assertThat(verdicts(flakyCanary)).noneMatch(v -> v.outcome() != VerdictOutcome.INSUFFICIENT_DATA);
    }

    @Test
    void aHealthyStageOfAHundredPassesOnlyAfterEveryVehicleSoaked() {
        UUID campaign = UUID.randomUUID();
        List<OtaEvent> events = new ArrayList<>();
        events.add(Fleet.stageStarted(campaign, 2, 100, 0.05, Duration.ofSeconds(3)));
        List<OtaEvent> reports = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Vehicle vehicle = Fleet.vehicle("suv", "tcu-1");
            events.add(vehicle.assigned(campaign, 2));
            reports.add(vehicle.progress(InstallPhase.SUCCEEDED));
            reports.addAll(vehicle.healthyBeacons());
        }
        Events.send(events);
        Events.send(reports);
        HealthApi api = new HealthApi(port);
        await().atMost(PATIENCE).until(() -> {
            JsonNode all = api.cohort(campaign, 2, "all");
            return all != null
                    && all.get("soaking").asLong() + all.get("healthy").asLong() == 100;
        });
        assertThat(api.cohort(campaign, 2, "all").get("verdict").isNull())
                .as("no verdict while vehicles are still soaking")
                .isTrue();

        StageVerdict pass = verdict(campaign, "all", VerdictOutcome.PASS);

        assertThat(pass.samples()).isEqualTo(100);
        assertThat(pass.failureRateUpperBound()).isLessThanOrEqualTo(0.05);
        assertThat(api.cohort(campaign, 2, "all").get("healthy").asLong()).isEqualTo(100);
    }

    @Test
    void redeliveredAndOutOfOrderMessagesChangeNothing() {
        UUID campaign = UUID.randomUUID();
        List<OtaEvent> reports = new ArrayList<>();
        List<OtaEvent> assignments = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Vehicle vehicle = Fleet.vehicle("sedan", "tcu-1");
            assignments.add(vehicle.assigned(campaign, 1));
            boolean appFails = i < 2;
            var beacon = vehicle.beacon(0, true, !appFails, 0);
            var succeeded = vehicle.progress(InstallPhase.SUCCEEDED);
            var downloading = vehicle.progress(InstallPhase.DOWNLOADING);
            reports.addAll(List.of(beacon, succeeded, downloading, beacon, succeeded));
        }
        Events.send(reports);
        Events.send(assignments);
        Events.send(assignments);
        Events.send(Fleet.stageStarted(campaign, 1, 25, 0.05, Duration.ZERO));

        StageVerdict verdict = verdict(campaign, "all", VerdictOutcome.INSUFFICIENT_DATA);
        assertThat(verdict.samples()).isEqualTo(25);
        assertThat(verdict.failures()).isEqualTo(2);
        Events.send(reports);
        Events.send(assignments);
        var marker = Fleet.vehicle("marker", "tcu-1");
        Events.send(marker.assigned(campaign, 9));
        Events.send(marker.progress(InstallPhase.SUCCEEDED), marker.beacon(0, false, false, 0));
        HealthApi api = new HealthApi(port);
        await().atMost(PATIENCE).until(() -> {
            JsonNode markerCohort = api.cohort(campaign, 9, "all");
            return markerCohort != null && markerCohort.get("unhealthy").asLong() == 1;
        });

        JsonNode all = api.cohort(campaign, 1, "all");
        assertThat(all.get("assigned").asLong()).isEqualTo(25);
        assertThat(all.get("healthy").asLong()).isEqualTo(23);
        assertThat(all.get("unhealthy").asLong()).isEqualTo(2);
        assertThat(all.get("soaking").asLong()).isZero();
        assertThat(verdicts(campaign))
                .as("one verdict per cohort, however often the reports came")
                .extracting(StageVerdict::cohort)
                .containsExactlyInAnyOrder("all", "hw:tcu-1", "model:sedan");
    }

    @Test
    void aVehicleThatNeverConfirmsItsHealthTimesOutAndCountsAsAFailure() {
        UUID campaign = UUID.randomUUID();
        Vehicle silent = Fleet.vehicle("sedan", "tcu-1");
        Vehicle noisy = Fleet.vehicle("sedan", "tcu-1");
        Events.send(
                Fleet.stageStarted(campaign, 1, 2, 0.05, Duration.ofSeconds(1)),
                silent.assigned(campaign, 1),
                noisy.assigned(campaign, 1));
        Events.send(
                silent.progress(InstallPhase.SUCCEEDED),
                noisy.progress(InstallPhase.SUCCEEDED),
                noisy.beacon(0, true, true, 3));
        HealthApi api = new HealthApi(port);

        await().atMost(PATIENCE).until(() -> {
            JsonNode all = api.cohort(campaign, 1, "all");
            return all != null && all.get("timedOut").asLong() == 1;
        });

        JsonNode failures = api.json("/api/health/campaigns/" + campaign + "/stages/1/failures");
        assertThat(failures.findValuesAsString("reason"))
                .containsExactlyInAnyOrder("NO_HEALTH_CONFIRMATION", "DTC_LIMIT_EXCEEDED");
        assertThat(api.cohort(campaign, 1, "all").get("unhealthy").asLong())
                .as("3 new DTCs against a limit of 0")
                .isEqualTo(1);
    }

    @Test
    void aMalformedBeaconIsDeadLetteredWithItsReasonAndTheBeaconsAfterItAreStillApplied() {
        UUID campaign = UUID.randomUUID();
        Vehicle vehicle = Fleet.vehicle("sedan", "tcu-1");
        Events.send(Fleet.stageStarted(campaign, 1, 1, 0.05, Duration.ofHours(1)), vehicle.assigned(campaign, 1));
        String poisonKey = "poison-" + UUID.randomUUID();
        KafkaTestClient.send(Topics.VEHICLE_HEALTH, poisonKey, "{\"type\":\"ota.HealthBeacon.v1\",\"vin\":");
        Events.send(vehicle.beacon(0, false, true, 0));

        var dead = KafkaTestClient.await(
                Topics.deadLetter(Topics.VEHICLE_HEALTH), r -> poisonKey.equals(r.key()), PATIENCE);
        assertThat(KafkaTestClient.header(dead, dev.ota.contracts.Headers.DEAD_LETTER_REASON))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("not valid JSON"));
        HealthApi api = new HealthApi(port);
        await().atMost(PATIENCE).until(() -> {
            JsonNode all = api.cohort(campaign, 1, "all");
            return all != null && all.get("unhealthy").asLong() == 1;
        });
    }

    @Test
    void aBeaconTheDatabaseRefusesIsDeadLetteredAloneAndTheRestOfItsPollIsApplied() {
        UUID campaign = UUID.randomUUID();
        Vehicle before = Fleet.vehicle("sedan", "tcu-1");
        Vehicle poisoned = Fleet.vehicle("sedan", "tcu-1");
        Vehicle after = Fleet.vehicle("sedan", "tcu-1");
        Events.send(
                Fleet.stageStarted(campaign, 1, 3, 0.05, Duration.ofHours(1)),
                before.assigned(campaign, 1),
                poisoned.assigned(campaign, 1),
                after.assigned(campaign, 1));
        HealthBeacon valid = poisoned.beacon(0, true, true, 0);
        // a well-formed event that the database cannot store (ecu_serial is varchar(200))
        HealthBeacon tooLong = new HealthBeacon(
                valid.eventId(),
                valid.occurredAt(),
                valid.vin(),
                valid.assignmentId(),
                "x".repeat(300),
                valid.hardwareId(),
                true,
                true,
                0,
                valid.measuredAt());
        // one send: the three beacons reach the service in one poll (or consecutive ones)
        Events.send(before.beacon(0, false, true, 0), tooLong, after.beacon(0, true, false, 0));

        var dead = KafkaTestClient.await(
                Topics.deadLetter(Topics.VEHICLE_HEALTH), r -> poisoned.vin().equals(r.key()), PATIENCE);
        assertThat(KafkaTestClient.header(dead, dev.ota.contracts.Headers.DEAD_LETTER_REASON))
                .hasValueSatisfying(reason -> assertThat(reason).contains("too long"));
        HealthApi api = new HealthApi(port);
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode all = api.cohort(campaign, 1, "all");
            assertThat(all).isNotNull();
            assertThat(all.get("unhealthy").asLong())
                    .as("the beacons before and after the poison record")
                    .isEqualTo(2);
        });
        JsonNode failures = api.json("/api/health/campaigns/" + campaign + "/stages/1/failures");
        assertThat(failures.findValuesAsString("reason")).containsExactlyInAnyOrder("BOOT_FAILED", "APP_NOT_STARTED");
    }

    private static StageVerdict verdict(UUID campaign, String cohort, VerdictOutcome outcome) {
        return Verdicts.await(campaign, cohort, outcome);
    }

    private static List<StageVerdict> verdicts(UUID campaign) {
        return Verdicts.all(campaign);
    }
}

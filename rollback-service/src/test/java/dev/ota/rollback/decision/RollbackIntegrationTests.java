package dev.ota.rollback.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.ApplicationCheck;
import dev.ota.contracts.events.ApplicationStatus;
import dev.ota.contracts.events.HealthCriteria;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.events.RequiredApplication;
import dev.ota.contracts.events.RollbackAssigned;
import dev.ota.contracts.events.RollbackCompleted;
import dev.ota.contracts.events.RollbackDecided;
import dev.ota.contracts.events.StageStarted;
import dev.ota.contracts.events.StageVerdict;
import dev.ota.rollback.Fleet;
import dev.ota.rollback.Fleet.Image;
import dev.ota.rollback.Fleet.Vehicle;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.TestTokens;
import dev.ota.testsupport.WithRealInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure(database = "rollback")
class RollbackIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    /** A stage of vehicles that ran {@code old} (per signed manifest) and were assigned {@code next}. */
    private record Stage(UUID campaign, List<Vehicle> vehicles, Set<String> failed) {}

    private Stage stage(String policy, Image old, Image next, int vehicles, int failing, boolean oldProvenInField) {
        return stage(policy, old, next, vehicles, failing, oldProvenInField, true);
    }

    /** @param reReleased whether a release engineer re-released {@code old} above {@code next}'s counter */
    private Stage stage(
            String policy,
            Image old,
            Image next,
            int vehicles,
            int failing,
            boolean oldProvenInField,
            boolean reReleased) {
        UUID campaign = UUID.randomUUID();
        List<OtaEvent> setup = new ArrayList<>(List.of(old.released(), Fleet.campaign(campaign, policy)));
        if (reReleased) {
            setup.add(old.reRelease(next.counter() + 1).released());
        }
        List<OtaEvent> reports = new ArrayList<>();
        List<UUID> waitFor = new ArrayList<>();
        List<UUID> everyAssignment = new ArrayList<>();
        if (oldProvenInField) {
            UUID earlier = UUID.randomUUID();
            for (int i = 0; i < 3; i++) {
                Vehicle veteran = Fleet.vehicle("sedan");
                setup.add(veteran.assigned(earlier, 1, old));
                everyAssignment.add(veteran.assignmentId());
                reports.add(veteran.beacon(old.hardwareId(), true));
            }
        }
        List<Vehicle> fleet = new ArrayList<>();
        Set<String> failed = new java.util.HashSet<>();
        List<OtaEvent> manifests = new ArrayList<>();
        for (int i = 0; i < vehicles; i++) {
            Vehicle vehicle = Fleet.vehicle("sedan");
            fleet.add(vehicle);
            manifests.add(vehicle.runs(old));
            setup.add(vehicle.assigned(campaign, 1, next));
            boolean fails = i < failing;
            reports.add(vehicle.beacon(next.hardwareId(), !fails));
            if (fails) {
                failed.add(vehicle.vin());
            }
            waitFor.add(vehicle.assignmentId());
        }
        Fleet.send(manifests);
        await().atMost(PATIENCE)
                .until(() -> count(
                                "select count(*) from ecu_installed where vin = any(:vins)",
                                fleet.stream().map(Vehicle::vin).toArray(String[]::new))
                        == vehicles);
        everyAssignment.addAll(waitFor);
        Fleet.send(setup);
        UUID[] all = everyAssignment.toArray(UUID[]::new);
        await().atMost(PATIENCE)
                .until(() -> count("select count(*) from stage_assignment where assignment_id = any(:vins)", all)
                        == all.length);
        Fleet.send(reports);
        UUID[] ids = waitFor.toArray(UUID[]::new);
        await().atMost(PATIENCE)
                .until(() -> count("select count(*) from ecu_previous where assignment_id = any(:vins)", ids)
                                == vehicles
                        && count("select count(*) from assignment_failure where assignment_id = any(:vins)", ids)
                                == failing
                        && (!oldProvenInField
                                || count(
                                                "select count(*) from image_health_count where target_path = any(:vins)"
                                                        + " and vehicles >= 3",
                                                new String[] {old.path()})
                                        == 1));
        return new Stage(campaign, fleet, failed);
    }

    private long count(String sql, Object[] values) {
        return jdbc.sql(sql).param("vins", values).query(Long.class).single();
    }

    private static Image image(String hardware, String version, long counter) {
        return new Image(
                hardware, hardware + "-fw-" + UUID.randomUUID().toString().substring(0, 8), version, counter);
    }

    private static Image next(Image old, String version, long counter) {
        return new Image(old.hardwareId(), old.name(), version, counter);
    }

    @Test
    void failVerdictPausesAtOnceThenRollsBackOnlyTheFailedVehiclesToTheirPreValidatedVersionUnderAHigherCounter() {
        Image v1 = image("brake-b", "1.0.0", 1);
        Image v2 = next(v1, "2.0.0", 2);
        Stage stage = stage("ROLLBACK_FAILED_VEHICLES", v1, v2, 10, 4, true);
        StageVerdict fail = Fleet.fail(stage.campaign(), 1, "hw:brake-b");

        Fleet.send(fail);

        ConsumerRecord<String, byte[]> decided =
                KafkaTestClient.await(Topics.ROLLBACK_EVENTS, r -> decidedFor(r, stage.campaign()), PATIENCE);
        RollbackDecided decision =
                KafkaTestClient.eventOf(decided, RollbackDecided.class).orElseThrow();
        assertThat(decision.policy()).isEqualTo("ROLLBACK_FAILED_VEHICLES");
        assertThat(decision.cohort()).isEqualTo("hw:brake-b");
        assertThat(decision.vehicles()).isEqualTo(4);
        List<ConsumerRecord<String, byte[]>> assigned = KafkaTestClient.awaitAll(
                Topics.VEHICLE_ASSIGNMENTS, r -> rollbackFor(r, stage.campaign()), 4, PATIENCE);
        List<RollbackAssigned> rollbacks = assigned.stream()
                .map(r -> KafkaTestClient.eventOf(r, RollbackAssigned.class).orElseThrow())
                .toList();
        assertThat(rollbacks).extracting(RollbackAssigned::vin).containsExactlyInAnyOrderElementsOf(stage.failed());
        assertThat(rollbacks).allSatisfy(rollback -> {
            assertThat(rollback.targets()).hasSize(1);
            assertThat(rollback.targets().getFirst().targetPath())
                    .as("the re-release of the last-known-good, not the old release itself")
                    .isEqualTo(v1.reRelease(3).path());
            assertThat(rollback.targets().getFirst().releaseCounter())
                    .as("re-released above the failing image's counter")
                    .isEqualTo(3);
            assertThat(rollback.targets().getFirst().hashes())
                    .isEqualTo(v1.target("x").hashes());
        });
        assertThat(decided.timestamp())
                .as("the pause is published before any rollback assignment")
                .isLessThanOrEqualTo(assigned.stream()
                        .mapToLong(ConsumerRecord::timestamp)
                        .min()
                        .orElseThrow());

        Fleet.send(fail);
        Fleet.send(Fleet.fail(stage.campaign(), 1, "hw:brake-b"));
        UUID marker = UUID.randomUUID();
        Fleet.send(Fleet.campaign(marker, "PAUSE_ONLY"));
        Fleet.send(Fleet.fail(marker, 1, "all"));
        KafkaTestClient.await(Topics.ROLLBACK_EVENTS, r -> decidedFor(r, marker), PATIENCE);
        assertThat(KafkaTestClient.readAll(Topics.ROLLBACK_EVENTS).stream()
                        .filter(r -> decidedFor(r, stage.campaign())))
                .as("a redelivered or repeated verdict decides nothing new")
                .hasSize(1);
        assertThat(KafkaTestClient.readAll(Topics.VEHICLE_ASSIGNMENTS).stream()
                        .filter(r -> rollbackFor(r, stage.campaign())))
                .hasSize(4);

        List<OtaEvent> reports = new ArrayList<>();
        for (int i = 0; i < rollbacks.size(); i++) {
            RollbackAssigned rollback = rollbacks.get(i);
            Vehicle vehicle = stage.vehicles().stream()
                    .filter(v -> v.vin().equals(rollback.vin()))
                    .findFirst()
                    .orElseThrow();
            reports.add(
                    i == 0
                            ? vehicle.progress(rollback.assignmentId(), InstallPhase.FAILED)
                            : vehicle.beacon(rollback.assignmentId(), "brake-b", true));
        }
        Fleet.send(reports);
        Fleet.send(reports);
        RollbackCompleted completed = KafkaTestClient.eventOf(
                        KafkaTestClient.await(
                                Topics.ROLLBACK_EVENTS,
                                r -> KafkaTestClient.eventOf(r, RollbackCompleted.class)
                                        .filter(c -> c.campaignId().equals(stage.campaign()))
                                        .isPresent(),
                                PATIENCE),
                        RollbackCompleted.class)
                .orElseThrow();
        assertThat(completed.vehicles()).isEqualTo(4);
        assertThat(completed.succeeded()).isEqualTo(3);
        assertThat(completed.failed()).isEqualTo(1);
    }

    @Test
    void failVerdictRollsBackTheVehiclesWhoseRequiredApplicationIsDownButNotOnesWithAnotherApplicationDown() {
        Image v1 = image("head-unit", "1.0.0", 1);
        Image v2 = next(v1, "2.0.0", 2);
        Stage stage = stage("ROLLBACK_FAILED_VEHICLES", v1, v2, 5, 0, true);
        Fleet.send(new StageStarted(
                UUID.randomUUID(),
                Instant.now(),
                stage.campaign(),
                1,
                5,
                new HealthCriteria(
                        0.05, 2, 0.95, Duration.ZERO, 0, List.of(new RequiredApplication("head-unit", "navigation")))));
        await().atMost(PATIENCE)
                .until(() -> jdbc.sql("select count(*) from stage_required_application where campaign_id = :c")
                                .param("c", stage.campaign())
                                .query(Long.class)
                                .single()
                        == 1);
        List<Vehicle> vehicles = stage.vehicles();
        ApplicationCheck navigationDown = new ApplicationCheck("navigation", ApplicationStatus.DOWN, "no map");
        Fleet.send(
                vehicles.get(0).beaconWith("head-unit", navigationDown),
                vehicles.get(1).beaconWith("head-unit", navigationDown),
                vehicles.get(2).beaconWith("head-unit", new ApplicationCheck("radio", ApplicationStatus.DOWN, null)));
        UUID[] ids = vehicles.stream().map(Vehicle::assignmentId).toArray(UUID[]::new);
        await().atMost(PATIENCE)
                .until(() ->
                        count("select count(*) from assignment_failure where assignment_id = any(:vins)", ids) == 2);

        Fleet.send(Fleet.fail(stage.campaign(), 1, "hw:head-unit"));

        RollbackDecided decision = KafkaTestClient.eventOf(
                        KafkaTestClient.await(Topics.ROLLBACK_EVENTS, r -> decidedFor(r, stage.campaign()), PATIENCE),
                        RollbackDecided.class)
                .orElseThrow();
        assertThat(decision.vehicles()).isEqualTo(2);
        assertThat(
                        KafkaTestClient.awaitAll(
                                        Topics.VEHICLE_ASSIGNMENTS, r -> rollbackFor(r, stage.campaign()), 2, PATIENCE)
                                .stream()
                                .map(r -> KafkaTestClient.eventOf(r, RollbackAssigned.class)
                                        .orElseThrow()
                                        .vin()))
                .containsExactlyInAnyOrder(
                        vehicles.get(0).vin(), vehicles.get(1).vin());
    }

    @Test
    void reportsAboutAnotherVehiclesAssignmentAreRefusedCountedAndNeitherFailNorRollBackThatVehicle() {
        Image v1 = image("brake-b", "1.0.0", 1);
        Image v2 = next(v1, "2.0.0", 2);
        Stage stage = stage("ROLLBACK_FAILED_VEHICLES", v1, v2, 3, 1, true);
        List<Vehicle> healthy = stage.vehicles().stream()
                .filter(v -> !stage.failed().contains(v.vin()))
                .toList();
        Vehicle attacker = Fleet.vehicle("sedan");

        Fleet.send(
                attacker.beacon(healthy.get(0).assignmentId(), "brake-b", false),
                attacker.progress(healthy.get(1).assignmentId(), InstallPhase.FAILED));

        for (String topic : List.of(Topics.VEHICLE_HEALTH, Topics.VEHICLE_REPORTS)) {
            ConsumerRecord<String, byte[]> dead = KafkaTestClient.await(
                    Topics.deadLetter(topic), r -> attacker.vin().equals(r.key()), PATIENCE);
            assertThat(KafkaTestClient.header(dead, dev.ota.contracts.Headers.DEAD_LETTER_REASON))
                    .hasValueSatisfying(reason -> assertThat(reason)
                            .startsWith("vin_mismatch")
                            .contains(attacker.vin())
                            .contains("of VIN"));
        }
        Fleet.send(Fleet.fail(stage.campaign(), 1, "hw:brake-b"));
        RollbackDecided decision = KafkaTestClient.eventOf(
                        KafkaTestClient.await(Topics.ROLLBACK_EVENTS, r -> decidedFor(r, stage.campaign()), PATIENCE),
                        RollbackDecided.class)
                .orElseThrow();
        assertThat(decision.vehicles())
                .as("only the vehicle that failed itself")
                .isEqualTo(1);
        RollbackAssigned rollback = KafkaTestClient.eventOf(
                        KafkaTestClient.await(
                                Topics.VEHICLE_ASSIGNMENTS, r -> rollbackFor(r, stage.campaign()), PATIENCE),
                        RollbackAssigned.class)
                .orElseThrow();
        assertThat(rollback.vin()).isIn(stage.failed());
        assertThat(count(
                        "select count(*) from assignment_failure where assignment_id = any(:vins)",
                        healthy.stream().map(Vehicle::assignmentId).toArray(UUID[]::new)))
                .as("nothing recorded against the healthy vehicles")
                .isZero();
    }

    @Test
    void cohortPolicyRollsBackEveryVehicleOfTheFailingHardwareAndNoOther() {
        Image brakeB1 = image("brake-b", "1.0.0", 5);
        Image brakeB2 = next(brakeB1, "2.0.0", 6);
        Image brakeA1 = image("brake-a", "1.0.0", 5);
        Image brakeA2 = next(brakeA1, "2.0.0", 6);
        Stage failing = stage("ROLLBACK_COHORT", brakeB1, brakeB2, 5, 2, true);
        UUID campaign = failing.campaign();
        List<OtaEvent> others = new ArrayList<>(List.of(brakeA1.signed()));
        List<OtaEvent> manifests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Vehicle other = Fleet.vehicle("sedan");
            manifests.add(other.runs(brakeA1));
            others.add(other.assigned(campaign, 1, brakeA2));
            others.add(other.beacon("brake-a", false));
        }
        Fleet.send(manifests);
        Fleet.send(others);
        await().atMost(PATIENCE)
                .until(() -> jdbc.sql("select count(*) from stage_assignment where campaign_id = :campaign")
                                .param("campaign", campaign)
                                .query(Long.class)
                                .single()
                        == 8);

        Fleet.send(Fleet.fail(campaign, 1, "hw:brake-b"));

        KafkaTestClient.awaitAll(Topics.VEHICLE_ASSIGNMENTS, r -> rollbackFor(r, campaign), 5, PATIENCE);
        RollbackDecided decided = KafkaTestClient.eventOf(
                        KafkaTestClient.await(Topics.ROLLBACK_EVENTS, r -> decidedFor(r, campaign), PATIENCE),
                        RollbackDecided.class)
                .orElseThrow();
        assertThat(decided.vehicles()).isEqualTo(5);
        Set<String> rolledBack = KafkaTestClient.readAll(Topics.VEHICLE_ASSIGNMENTS).stream()
                .filter(r -> rollbackFor(r, campaign))
                .map(ConsumerRecord::key)
                .collect(Collectors.toSet());
        assertThat(rolledBack)
                .as("all brake-b vehicles, healthy or not, and no brake-a vehicle, though those failed too")
                .containsExactlyInAnyOrderElementsOf(
                        failing.vehicles().stream().map(Vehicle::vin).toList());
    }

    @Test
    void refusesToRollBackToAnUntestedVersionAndSaysWhyUntilSomeoneValidatesIt() {
        Image v1 = image("brake-b", "1.0.0", 1);
        Image v2 = next(v1, "2.0.0", 2);
        Stage stage = stage("ROLLBACK_STAGE", v1, v2, 4, 1, false);

        Fleet.send(Fleet.fail(stage.campaign(), 1, "all"));

        KafkaTestClient.await(Topics.ROLLBACK_EVENTS, r -> decidedFor(r, stage.campaign()), PATIENCE);
        JsonNode decision = awaitDecision(stage.campaign(), "REFUSED");
        assertThat(decision.get("refused").asInt()).isEqualTo(4);
        JsonNode detail = json(get("/api/rollbacks/" + decision.get("id").asString(), "AUDITOR"));
        assertThat(detail.get("vehicles").findValuesAsString("status")).containsOnly("REFUSED");
        assertThat(detail.get("vehicles").get(0).get("reason").asString())
                .contains("last-known-good " + v1.path() + " is not pre-validated: healthy on 0 vehicle(s), needs 3");
        assertThat(KafkaTestClient.readAll(Topics.VEHICLE_ASSIGNMENTS))
                .noneMatch(r -> rollbackFor(r, stage.campaign()));

        assertThat(send(
                                "PUT",
                                "/api/validated-images",
                                "{\"targetPath\":\"%s\",\"note\":\"bench rollback test 42\"}".formatted(v1.path()),
                                "RELEASE_ENGINEER")
                        .statusCode())
                .isEqualTo(204);
        HttpResponse<String> manual = send(
                "POST",
                "/api/rollbacks",
                "{\"campaignId\":\"%s\",\"stage\":1,\"scope\":\"ROLLBACK_STAGE\",\"reason\":\"validated now\"}"
                        .formatted(stage.campaign()),
                "FLEET_OPS");
        assertThat(manual.statusCode()).isEqualTo(202);

        KafkaTestClient.awaitAll(Topics.VEHICLE_ASSIGNMENTS, r -> rollbackFor(r, stage.campaign()), 4, PATIENCE);
        assertThat(KafkaTestClient.readAll(Topics.ROLLBACK_EVENTS).stream()
                        .filter(r -> decidedFor(r, stage.campaign())))
                .hasSize(2);
    }

    @Test
    void refusesWithoutAReleasedReReleaseAboveTheFailingCounterAndNamesTheWayOut() {
        Image v1 = image("brake-b", "1.0.0", 1);
        Image v2 = next(v1, "2.0.0", 2);
        Stage stage = stage("ROLLBACK_FAILED_VEHICLES", v1, v2, 3, 2, true, false);
        Image lowReRelease = v1.reRelease(2);
        Fleet.send(lowReRelease.released(), v1.reRelease(3).signed());

        Fleet.send(Fleet.fail(stage.campaign(), 1, "all"));

        JsonNode refusal = awaitDecision(stage.campaign(), "REFUSED");
        assertThat(refusal.get("refused").asInt()).isEqualTo(2);
        JsonNode detail = json(get("/api/rollbacks/" + refusal.get("id").asString(), "AUDITOR"));
        assertThat(detail.get("vehicles").get(0).get("reason").asString())
                .as("a re-release at counter 2 is not above the failing 2, one only staged by CI is not released")
                .contains("no released re-release of last-known-good " + v1.path() + " above release counter 2")
                .contains("POST /api/images/" + v1.name() + "/1.0.0/re-release");
        assertThat(KafkaTestClient.readAll(Topics.VEHICLE_ASSIGNMENTS))
                .noneMatch(r -> rollbackFor(r, stage.campaign()));

        Fleet.send(v1.reRelease(3).released());
        await().atMost(PATIENCE)
                .until(() -> count(
                                "select count(*) from known_image where released and target_path = any(:vins)",
                                new String[] {v1.reRelease(3).path()})
                        == 1);
        HttpResponse<String> manual = send(
                "POST",
                "/api/rollbacks",
                "{\"campaignId\":\"%s\",\"stage\":1,\"scope\":\"ROLLBACK_FAILED_VEHICLES\",\"reason\":\"re-released\"}"
                        .formatted(stage.campaign()),
                "FLEET_OPS");
        assertThat(manual.statusCode()).isEqualTo(202);

        List<RollbackAssigned> rollbacks =
                KafkaTestClient.awaitAll(Topics.VEHICLE_ASSIGNMENTS, r -> rollbackFor(r, stage.campaign()), 2, PATIENCE)
                        .stream()
                        .map(r -> KafkaTestClient.eventOf(r, RollbackAssigned.class)
                                .orElseThrow())
                        .toList();
        assertThat(rollbacks).extracting(RollbackAssigned::vin).containsExactlyInAnyOrderElementsOf(stage.failed());
        assertThat(rollbacks)
                .allSatisfy(r -> assertThat(r.targets().getFirst().targetPath())
                        .isEqualTo(v1.reRelease(3).path()));
    }

    @Test
    void pauseOnlyPolicyPublishesTheDecisionAndAssignsNothing() {
        Image v1 = image("brake-b", "1.0.0", 1);
        Stage stage = stage("PAUSE_ONLY", v1, next(v1, "2.0.0", 2), 3, 3, true);

        Fleet.send(Fleet.fail(stage.campaign(), 1, "all"));

        RollbackDecided decided = KafkaTestClient.eventOf(
                        KafkaTestClient.await(Topics.ROLLBACK_EVENTS, r -> decidedFor(r, stage.campaign()), PATIENCE),
                        RollbackDecided.class)
                .orElseThrow();
        assertThat(decided.policy()).isEqualTo("PAUSE_ONLY");
        assertThat(decided.vehicles()).isZero();
        awaitDecision(stage.campaign(), "NOTHING_TO_ROLL_BACK");
        assertThat(KafkaTestClient.readAll(Topics.VEHICLE_ASSIGNMENTS))
                .noneMatch(r -> rollbackFor(r, stage.campaign()));
    }

    @Test
    void manualRollbackIsForFleetOperationsOnlyAndRejectsBadInputClearly() {
        String body = "{\"campaignId\":\"%s\",\"stage\":1,\"scope\":\"ROLLBACK_STAGE\",\"reason\":\"x\"}"
                .formatted(UUID.randomUUID());

        assertThat(send("POST", "/api/rollbacks", body, null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/rollbacks", body, "AUDITOR").statusCode()).isEqualTo(403);
        assertThat(send("PUT", "/api/validated-images", "{\"targetPath\":\"a\",\"note\":\"b\"}", "FLEET_OPS")
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> badScope =
                send("POST", "/api/rollbacks", body.replace("ROLLBACK_STAGE", "ROLLBACK_EVERYTHING"), "FLEET_OPS");
        assertThat(badScope.statusCode()).isEqualTo(400);
        assertThat(badScope.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        HttpResponse<String> cohortless =
                send("POST", "/api/rollbacks", body.replace("ROLLBACK_STAGE", "ROLLBACK_COHORT"), "FLEET_OPS");
        assertThat(cohortless.statusCode()).isEqualTo(400);
        assertThat(cohortless.body()).contains("a cohort rollback needs a cohort");
        assertThat(get("/api/rollbacks/" + UUID.randomUUID(), "AUDITOR").statusCode())
                .isEqualTo(404);
        assertThat(get("/api/rollbacks?limit=0", "AUDITOR").statusCode()).isEqualTo(400);
    }

    private JsonNode awaitDecision(UUID campaign, String status) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(PATIENCE).until(() -> {
            JsonNode list = json(get("/api/rollbacks?campaignId=" + campaign, "AUDITOR"));
            if (list.size() > 0 && list.get(0).get("status").asString().equals(status)) {
                found[0] = list.get(0);
                return true;
            }
            return false;
        });
        return found[0];
    }

    private static boolean decidedFor(ConsumerRecord<String, byte[]> record, UUID campaign) {
        return KafkaTestClient.eventOf(record, RollbackDecided.class)
                .filter(d -> d.campaignId().equals(campaign))
                .isPresent();
    }

    private static boolean rollbackFor(ConsumerRecord<String, byte[]> record, UUID campaign) {
        return KafkaTestClient.eventOf(record, RollbackAssigned.class)
                .filter(a -> a.campaignId().equals(campaign))
                .isPresent();
    }

    private HttpResponse<String> get(String path, String role) {
        return send("GET", path, null, role);
    }

    private HttpResponse<String> send(String method, String path, String body, String role) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (role != null) {
            request.header("Authorization", TestTokens.authorization("tester", role));
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return EventCodec.mapper().readTree(response.body());
    }
}

package dev.ota.health.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.health.Events;
import dev.ota.health.Fleet;
import dev.ota.health.Fleet.Vehicle;
import dev.ota.health.HealthApi;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.WithRealInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A vehicle is hostile even with a valid certificate: it may name another vehicle's assignment id in its reports.
 * Nothing it says about that assignment may count, whether the assignment is known when the report arrives or not.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure(database = "health")
class ReportOwnershipIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String BEACON = "ota.HealthBeacon.v1";
    private static final String PROGRESS = "ota.UpdateProgress.v1";

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aBootFailureReportedByAnotherVehicleForAnAssignmentChangesNothingIsDeadLetteredWithItsReasonAndCounted() {
        UUID campaign = UUID.randomUUID();
        Vehicle victim = Fleet.vehicle("sedan", "tcu-1");
        Vehicle attacker = Fleet.vehicle("sedan", "tcu-1");
        Events.send(Fleet.stageStarted(campaign, 1, 1, 0.05, Duration.ofSeconds(1)), victim.assigned(campaign, 1));
        HealthApi api = new HealthApi(port);
        await().atMost(PATIENCE).until(() -> count(api, campaign, "assigned") == 1);
        double refusedBeacons = refused(BEACON);
        double refusedProgress = refused(PROGRESS);

        Events.send(forged(attacker, victim, InstallPhase.FAILED), forgedBeacon(attacker, victim));
        ConsumerRecord<String, byte[]> deadBeacon = KafkaTestClient.await(
                Topics.deadLetter(Topics.VEHICLE_HEALTH), r -> attacker.vin().equals(r.key()), PATIENCE);
        ConsumerRecord<String, byte[]> deadProgress = KafkaTestClient.await(
                Topics.deadLetter(Topics.VEHICLE_REPORTS), r -> attacker.vin().equals(r.key()), PATIENCE);
        Events.send(victim.progress(InstallPhase.SUCCEEDED), victim.beacon(0, true, true, 0));

        String reason = "vin_mismatch: %s from VIN " + attacker.vin() + " names assignment " + victim.assignmentId()
                + " of VIN " + victim.vin();
        assertThat(KafkaTestClient.header(deadBeacon, Headers.DEAD_LETTER_REASON))
                .contains(reason.formatted(BEACON));
        assertThat(KafkaTestClient.header(deadProgress, Headers.DEAD_LETTER_REASON))
                .contains(reason.formatted(PROGRESS));
        assertThat(refused(BEACON)).isEqualTo(refusedBeacons + 1);
        assertThat(refused(PROGRESS)).isEqualTo(refusedProgress + 1);
        await().atMost(PATIENCE).until(() -> count(api, campaign, "healthy") == 1);
        assertThat(count(api, campaign, "unhealthy")).isZero();
        assertThat(api.json("/api/health/campaigns/" + campaign + "/stages/1/failures"))
                .isEmpty();
    }

    @Test
    void reportsThatNameAnAssignmentBeforeItArrivesCountOnlyWhenTheyComeFromTheAssignedVehicle() {
        UUID campaign = UUID.randomUUID();
        Vehicle victim = Fleet.vehicle("sedan", "tcu-1");
        Vehicle attacker = Fleet.vehicle("sedan", "tcu-1");
        double refusedBeacons = refused(BEACON);
        double refusedProgress = refused(PROGRESS);
        // the attacker is first: before waiting reports existed, its VIN became the row's
        Events.send(forgedBeacon(attacker, victim), forged(attacker, victim, InstallPhase.FAILED));
        Events.send(victim.progress(InstallPhase.SUCCEEDED), victim.beacon(0, true, true, 0));
        await().atMost(PATIENCE)
                .until(() -> jdbc.sql("select count(*) from early_report where assignment_id = :id")
                                .param("id", victim.assignmentId())
                                .query(Long.class)
                                .single()
                        == 4);

        Events.send(Fleet.stageStarted(campaign, 1, 1, 0.05, Duration.ofSeconds(1)), victim.assigned(campaign, 1));

        HealthApi api = new HealthApi(port);
        await().atMost(PATIENCE).until(() -> count(api, campaign, "healthy") == 1);
        assertThat(count(api, campaign, "unhealthy")).isZero();
        assertThat(refused(BEACON)).isEqualTo(refusedBeacons + 1);
        assertThat(refused(PROGRESS)).isEqualTo(refusedProgress + 1);
        assertThat(jdbc.sql("select vin from assignment_outcome where assignment_id = :id")
                        .param("id", victim.assignmentId())
                        .query(String.class)
                        .single())
                .isEqualTo(victim.vin());
    }

    private static UpdateProgress forged(Vehicle attacker, Vehicle victim, InstallPhase phase) {
        return new UpdateProgress(
                UUID.randomUUID(), Instant.now(), attacker.vin(), victim.assignmentId(), null, phase, "forged");
    }

    private static HealthBeacon forgedBeacon(Vehicle attacker, Vehicle victim) {
        return new HealthBeacon(
                UUID.randomUUID(),
                Instant.now(),
                attacker.vin(),
                victim.assignmentId(),
                victim.ecus().getFirst().ecuSerial(),
                victim.ecus().getFirst().hardwareId(),
                false,
                false,
                0,
                Instant.now());
    }

    private double refused(String type) {
        Counter counter = meters.find("ota.vehicle.reports.refused")
                .tag("reason", "vin_mismatch")
                .tag("type", type)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static long count(HealthApi api, UUID campaign, String field) {
        JsonNode all = api.cohort(campaign, 1, "all");
        return all == null ? -1 : all.get(field).asLong();
    }
}

package dev.ota.health.outcome;

import static dev.ota.testsupport.DeadLetterAssertions.assertDeadLettered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.health.Events;
import dev.ota.health.Fleet;
import dev.ota.health.Fleet.Vehicle;
import dev.ota.health.HealthApi;
import dev.ota.testsupport.DatabaseOutage;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.WithRealInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The beacon listener's failures, through the platform's shared batch handling (issue #18, point 2): a database outage
 * dead-letters no beacon, and one beacon the database refuses for good is the only one dead-lettered.
 */
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        // a borrower gives up after 2 s (not 30), so the outage is seen as several failed attempts
        properties = "spring.datasource.hikari.connection-timeout=2000")
@WithRealInfrastructure(database = "health")
class BeaconBatchesFailuresIntegrationTests {

    private static final Duration OUTAGE = Duration.ofSeconds(15);
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** The test infrastructure creates every topic with two partitions. */
    private static final int PARTITIONS = 2;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    DataSource dataSource;

    /**
     * The vehicles' VINs cover both partitions of the beacon topic: another cached context of this module in the same
     * consumer group may hold one of them, and this context's listener must see the outage on the other.
     */
    @Test
    void beaconsConsumedWhileTheDatabaseIsUnavailableAreAppliedOnceItIsBackAndNoneIsDeadLettered() throws Exception {
        assertThat(dataSource.unwrap(HikariDataSource.class).getConnectionTimeout())
                .isEqualTo(2_000);
        UUID campaign = UUID.randomUUID();
        List<Vehicle> vehicles = vehiclesOnEveryPartition();
        assign(campaign, vehicles);
        List<HealthBeacon> beacons = new ArrayList<>();
        vehicles.forEach(v -> beacons.addAll(v.healthyBeacons()));
        double transientBefore = transientFailures();
        try {
            DatabaseOutage.begin("health"); // as in a failover: connections refused, open ones cut
            Events.send(beacons);

            Thread.sleep(OUTAGE.toMillis());

            assertThat(transientFailures() - transientBefore)
                    .as("failed attempts on the beacon topic counted as transient during the outage")
                    .isGreaterThanOrEqualTo(2);
        } finally {
            DatabaseOutage.end("health");
        }

        await().atMost(PATIENCE)
                .ignoreExceptions() // the test's own reads fail too while the pool reconnects
                .until(() -> ecuRows(vehicles) == beacons.size());
        Set<String> vins = new HashSet<>();
        vehicles.forEach(v -> vins.add(v.vin()));
        assertThat(KafkaTestClient.readAll(Topics.deadLetter(Topics.VEHICLE_HEALTH)).stream()
                        .filter(r -> vins.contains(r.key())))
                .as("no beacon of these vehicles is dead-lettered")
                .isEmpty();
    }

    /**
     * The refused beacon names an ECU serial of 201 characters: a valid event, but {@code ecu_health.ecu_serial} holds
     * 200, so PostgreSQL refuses the row (SQLSTATE 22001) every time. It travels between two good beacons of the same
     * vehicle (one key, one partition, one producer batch), so the listener reads the three in one poll.
     */
    @Test
    void aBeaconTheDatabaseRefusesForGoodIsDeadLetteredAloneWithItsReasonAndTheOthersOfItsPollAreApplied() {
        UUID campaign = UUID.randomUUID();
        Vehicle vehicle = Fleet.vehicle("sedan", "tcu-1", "bcm-1");
        assign(campaign, List.of(vehicle));
        HealthBeacon first = vehicle.beacon(0, true, true, 0);
        HealthBeacon second = vehicle.beacon(1, true, true, 0);
        HealthBeacon unstorable = new HealthBeacon(
                UUID.randomUUID(),
                Instant.now(),
                vehicle.vin(),
                vehicle.assignmentId(),
                "S".repeat(201),
                second.hardwareId(),
                true,
                true,
                0,
                Instant.now());

        Events.send(first, unstorable, second);

        await().atMost(PATIENCE).until(() -> ecuRows(List.of(vehicle)) == 2);
        ConsumerRecord<String, byte[]> dead = KafkaTestClient.await(
                Topics.deadLetter(Topics.VEHICLE_HEALTH), r -> vehicle.vin().equals(r.key()), PATIENCE);
        assertThat(dead.value()).isEqualTo(EventCodec.encode(unstorable));
        assertDeadLettered(dead, Topics.VEHICLE_HEALTH, "health-service", "permanent: ", "value too long");
        assertThat(KafkaTestClient.readAll(Topics.deadLetter(Topics.VEHICLE_HEALTH)).stream()
                        .filter(r -> vehicle.vin().equals(r.key())))
                .as("only the refused beacon is dead-lettered, once")
                .hasSize(1);
    }

    private void assign(UUID campaign, List<Vehicle> vehicles) {
        Events.send(Fleet.stageStarted(campaign, 1, vehicles.size(), 0.05, Duration.ofHours(1)));
        Events.send(vehicles.stream().map(v -> v.assigned(campaign, 1)).toList());
        HealthApi api = new HealthApi(port);
        await().atMost(PATIENCE).until(() -> {
            var all = api.cohort(campaign, 1, "all");
            return all != null && all.get("assigned").asLong() == vehicles.size();
        });
    }

    /** Vehicles until their VINs, the beacons' keys, fall on every partition (Kafka's default partitioner). */
    private static List<Vehicle> vehiclesOnEveryPartition() {
        List<Vehicle> vehicles = new ArrayList<>();
        Set<Integer> partitions = new HashSet<>();
        while (partitions.size() < PARTITIONS || vehicles.size() < 4) {
            Vehicle vehicle = Fleet.vehicle("sedan", "tcu-1", "bcm-1");
            vehicles.add(vehicle);
            byte[] key = vehicle.vin().getBytes(StandardCharsets.UTF_8);
            partitions.add(Utils.toPositive(Utils.murmur2(key)) % PARTITIONS);
        }
        return vehicles;
    }

    private long ecuRows(List<Vehicle> vehicles) {
        return jdbc.sql("select count(*) from ecu_health where assignment_id = any(:ids)")
                .param("ids", vehicles.stream().map(Vehicle::assignmentId).toArray(UUID[]::new))
                .query(Long.class)
                .single();
    }

    private double transientFailures() {
        return meters
                .find("ota.consumer.transient.failures")
                .tag("group", "health-service")
                .tag("topic", Topics.VEHICLE_HEALTH)
                .counters()
                .stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}

package dev.ota.rollback.benchmarks;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.RollbackAssigned;
import dev.ota.contracts.events.RollbackDecided;
import dev.ota.contracts.events.StageVerdict;
import dev.ota.rollback.Fleet;
import dev.ota.rollback.Fleet.Image;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.WithRealInfrastructure;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Measures, through real Kafka and PostgreSQL: (1) FAIL verdict in -> RollbackDecided (the pause) on Kafka, and (2) the
 * time to issue rollback assignments for a stage of 10,000 vehicles. The fleet knowledge is loaded with SQL (setup is
 * not what is measured); the verdict, the decision and every assignment go through Kafka and the outbox.
 */
@SpringBootTest
@WithRealInfrastructure(database = "rollback")
class RollbackLoadRun {

    private static final int VEHICLES = Integer.getInteger("load.vehicles", 10_000);
    private static final int LATENCY_RUNS = Integer.getInteger("load.latency-runs", 30);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JdbcTemplate batch;

    @Test
    void verdictToPauseAndTenThousandRollbackAssignments() {
        long[] pause = new long[LATENCY_RUNS];
        for (int run = 0; run < LATENCY_RUNS; run++) {
            UUID campaign = loadStage(20, "PAUSE_ONLY");
            StageVerdict fail = Fleet.fail(campaign, 1, "all");
            Instant sent = Instant.now();
            Fleet.send(fail);
            pause[run] = decided(campaign).timestamp() - sent.toEpochMilli();
        }
        Arrays.sort(pause);
        System.out.printf(
                "LOAD FAIL verdict sent -> RollbackDecided on Kafka, %d runs: median %d ms, p99 %d ms, max %d ms%n",
                LATENCY_RUNS,
                pause[LATENCY_RUNS / 2],
                pause[(int) Math.ceil(LATENCY_RUNS * 0.99) - 1],
                pause[LATENCY_RUNS - 1]);

        UUID campaign = loadStage(VEHICLES, "ROLLBACK_STAGE");
        Instant sent = Instant.now();
        Fleet.send(Fleet.fail(campaign, 1, "all"));
        ConsumerRecord<String, byte[]> decided = decided(campaign);
        List<ConsumerRecord<String, byte[]>> assigned = KafkaTestClient.awaitAll(
                Topics.VEHICLE_ASSIGNMENTS,
                r -> KafkaTestClient.eventOf(r, RollbackAssigned.class)
                        .filter(a -> a.campaignId().equals(campaign))
                        .isPresent(),
                VEHICLES,
                Duration.ofMinutes(5));
        long last = assigned.stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
        var times = jdbc.sql("select decided_at, issued_at from rollback_decision where campaign_id = :c")
                .param("c", campaign)
                .query((rs, n) -> List.of(
                        rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()))
                .single();
        System.out.printf(
                "LOAD %d-vehicle stage: verdict -> RollbackDecided %d ms; planning+issuing transaction %d ms;"
                        + " verdict -> last of %d RollbackAssigned on Kafka %d ms%n",
                VEHICLES,
                decided.timestamp() - sent.toEpochMilli(),
                Duration.between(times.get(0), times.get(1)).toMillis(),
                assigned.size(),
                last - sent.toEpochMilli());
    }

    private ConsumerRecord<String, byte[]> decided(UUID campaign) {
        return KafkaTestClient.await(
                Topics.ROLLBACK_EVENTS,
                r -> KafkaTestClient.eventOf(r, RollbackDecided.class)
                        .filter(d -> d.campaignId().equals(campaign))
                        .isPresent(),
                Duration.ofMinutes(1));
    }

    /** A stage whose vehicles all ran a validated v1 before being assigned v2, written straight into the tables. */
    private UUID loadStage(int vehicles, String policy) {
        UUID campaign = UUID.randomUUID();
        Image v1 = new Image("brake-b", "brake-" + campaign, "1.0.0", 1);
        Image v2 = new Image("brake-b", "brake-" + campaign, "2.0.0", 2);
        jdbc.sql("insert into campaign_policy (campaign_id, policy) values (:c, :p)")
                .param("c", campaign)
                .param("p", policy)
                .update();
        Image reRelease = v1.reRelease(3);
        jdbc.sql("""
                        insert into known_image (target_path, image_name, version, release_counter, length, hashes,
                                                 released)
                        values (:path, :name, '1.0.0', 1, 101, cast(:hashes as jsonb), true),
                               (:rpath, :name, :rversion, 3, 101, cast(:hashes as jsonb), true)
                        """)
                .param("path", v1.path())
                .param("rpath", reRelease.path())
                .param("rversion", reRelease.version())
                .param("name", v1.name())
                .param("hashes", "{\"sha256\":\"" + v1.sha256() + "\"}")
                .update();
        jdbc.sql("insert into validated_image values (:path, 'bench', 'load run', now())")
                .param("path", v1.path())
                .update();
        List<Object[]> assignments = new ArrayList<>();
        List<Object[]> previous = new ArrayList<>();
        Timestamp now = Timestamp.from(Instant.now());
        for (int i = 0; i < vehicles; i++) {
            UUID assignment = UUID.randomUUID();
            String vin = "LOAD" + campaign.toString().substring(0, 8) + i;
            String ecu = vin + "-brake";
            assignments.add(new Object[] {
                assignment, vin, campaign, EventCodec.mapper().writeValueAsString(List.of(v2.target(ecu))), now
            });
            previous.add(new Object[] {assignment, ecu, v1.path()});
        }
        batch.batchUpdate("""
                insert into stage_assignment (assignment_id, vin, campaign_id, stage, vehicle_model, hardware_ids,
                                              targets, assigned_at)
                values (?, ?, ?, 1, 'sedan', '{brake-b}', cast(? as jsonb), ?)
                """, assignments);
        batch.batchUpdate(
                "insert into ecu_previous (assignment_id, ecu_serial, target_path) values (?, ?, ?)", previous);
        return campaign;
    }
}

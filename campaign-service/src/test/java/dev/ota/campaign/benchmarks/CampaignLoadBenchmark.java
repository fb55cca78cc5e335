package dev.ota.campaign.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.campaign.Api;
import dev.ota.campaign.CampaignRequests;
import dev.ota.campaign.Fleet;
import dev.ota.campaign.campaigns.CampaignDefinition;
import dev.ota.campaign.campaigns.Campaigns;
import dev.ota.campaign.images.ImageCatalogue;
import dev.ota.campaign.registry.VehicleRegistry;
import dev.ota.campaign.rollout.Rollouts;
import dev.ota.campaign.targeting.SqlFilter;
import dev.ota.campaign.targeting.TargetSelector;
import dev.ota.campaign.targeting.Targeting;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.contracts.events.StageVerdict;
import dev.ota.contracts.events.VerdictOutcome;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.WithRealInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Load run on a registry of 100,000 vehicles, on the same real PostgreSQL and Kafka the integration tests use. Run
 * with {@code ./mvnw -B -o -pl campaign-service test -Dtest=CampaignLoadBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}; the figures are printed as lines starting with {@code BENCHMARK}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ota.campaign.rollout.dispatch-interval=20ms", "ota.campaign.rollout.gate-interval=1s"})
@WithRealInfrastructure(database = "campaign_bench")
class CampaignLoadBenchmark {

    private static final int VEHICLES = 100_000;
    private static final int TRIALS = 20;
    /** Assignments timed in the dispatch run (of the 100,000 targeted). */
    private static final int TIMED = 20_000;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    VehicleRegistry registry;

    @Autowired
    ImageCatalogue images;

    @Autowired
    Campaigns campaigns;

    @Autowired
    Rollouts rollouts;

    @Autowired
    Targeting targeting;

    @Autowired
    tools.jackson.databind.json.JsonMapper json;

    @Test
    void hundredThousandVehicles() {
        Fleet fleet = new Fleet(registry, images);
        ImageSigned current = fleet.sign("brake-ctrl", "2.4.0-bench", Fleet.BRAKE, 41);
        ImageSigned next = fleet.sign("brake-ctrl", "2.4.1-bench", Fleet.BRAKE, 42);
        seed(current);
        Api api = new Api(port);

        plan("ecu." + Fleet.BRAKE + ".releaseCounter=lt=42;model=out=(ID.Buzz)");
        preview(api);
        dispatch(next);
        failToStop(next);
    }

    /** 100,000 vehicles over 5 models x 4 regions, each with a gateway and a brake ECU, manifests reported. */
    private void seed(ImageSigned current) {
        long started = System.nanoTime();
        jdbc.sql("""
                        insert into vehicle (vin, model, model_year, region, market, tags, time_zone, manifest_at,
                                             last_seen, latitude, longitude)
                        select 'BENCH' || lpad(i::text, 12, '0'),
                               (array['ID.3','ID.4','ID.5','ID.7','ID.Buzz'])[1 + i % 5],
                               2020 + i % 6,
                               (array['EU','NA','CN','UK'])[1 + (i / 5) % 4],
                               (array['DE','US','CN','GB'])[1 + (i / 5) % 4],
                               array['bench', 'slice' || (i % 100)],
                               'Europe/Berlin', now(), now(), 52.5, 13.4
                        from generate_series(0, :n - 1) i on conflict do nothing
                        """).param("n", VEHICLES).update();
        jdbc.sql("""
                        insert into ecu (vin, ecu_serial, hardware_id, is_primary)
                        select vin, 'GW-' || vin, 'gateway-v1', true from vehicle where vin like 'BENCH%'
                        on conflict do nothing
                        """).update();
        jdbc.sql("""
                        insert into ecu (vin, ecu_serial, hardware_id, image_name, version, release_counter,
                                         target_path, reported_at)
                        select vin, 'BRK-' || vin, :hw, 'brake-ctrl', :version, 41, :path, now()
                        from vehicle where vin like 'BENCH%' on conflict do nothing
                        """)
                .param("hw", Fleet.BRAKE)
                .param("version", current.version())
                .param("path", current.targetPath())
                .update();
        jdbc.sql("analyze").update();
        System.out.printf("BENCHMARK seed %d vehicles in %d ms%n", VEHICLES, (System.nanoTime() - started) / 1_000_000);
    }

    private void preview(Api api) {
        List<String> queries = List.of(
                "tag==bench",
                "model==ID.4;region=in=(EU,UK)",
                "modelYear=ge=2023,region==CN",
                "ecu." + Fleet.BRAKE + ".releaseCounter=lt=42;model=out=(ID.Buzz)");
        for (String query : queries) {
            List<Long> millis = new ArrayList<>();
            long total = -1;
            for (int i = 0; i < 60; i++) {
                long t0 = System.nanoTime();
                Api.Reply reply = api.post(
                        "rita", "RELEASE_ENGINEER", "/api/targeting/preview", Map.of("type", "query", "query", query));
                long elapsed = System.nanoTime() - t0;
                assertThat(reply.status()).isEqualTo(200);
                total = reply.body().path("total").asLong();
                if (i >= 10) {
                    millis.add(elapsed / 1_000);
                }
            }
            Collections.sort(millis);
            System.out.printf(
                    "BENCHMARK preview over REST [%s] matches %d: median %.1f ms, p95 %.1f ms (n=%d)%n",
                    query, total, percentile(millis, 50) / 1000.0, percentile(millis, 95) / 1000.0, millis.size());
        }
    }

    /** Prints the preview query's plan as PostgreSQL executed it ({@code EXPLAIN (ANALYZE, BUFFERS)}). */
    private void plan(String query) {
        SqlFilter filter = targeting.filter(new TargetSelector.ByQuery(query));
        jdbc.sql("explain (analyze, buffers) select v.model, v.region, count(*) as n from vehicle v where "
                        + filter.where() + " group by v.model, v.region")
                .params(filter.params())
                .query(String.class)
                .list()
                .forEach(line -> System.out.println("BENCHMARK plan [" + query + "] " + line));
    }

    private UUID approved(CampaignDefinition definition) {
        UUID id = campaigns.create(definition, "rita").id();
        campaigns.submit(id, "rita");
        campaigns.approve(id, "aaron", "benchmark");
        return id;
    }

    private CampaignDefinition definition(String query, String version, int maxPerMinute) {
        Map<String, Object> body = CampaignRequests.with(
                CampaignRequests.brakeUpdate("bench", "brake-ctrl", version, 100),
                "policies",
                Map.of("rateLimit", Map.of("maximumPerMinute", maxPerMinute), "vehicleTimeout", "PT24H"));
        body = CampaignRequests.with(body, "target", Map.of("type", "query", "query", query));
        return json.convertValue(body, CampaignDefinition.class);
    }

    private void dispatch(ImageSigned next) {
        UUID id = approved(definition("tag==bench", next.version(), 1_000_000));
        long t0 = System.nanoTime();
        rollouts.start(id, "olga", "benchmark");
        long started = System.nanoTime();
        await().atMost(Duration.ofMinutes(15))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> assigned(id) >= TIMED);
        long assignedAt = System.nanoTime();
        long written = assigned(id);
        rollouts.hold(id, "olga", "benchmark measured");
        await().atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> outboxPending() == 0);
        long sentAt = System.nanoTime();
        System.out.printf(
                "BENCHMARK start (stratified cohorts for %d vehicles) %d ms%n", VEHICLES, (started - t0) / 1_000_000);
        System.out.printf(
                "BENCHMARK dispatch: %d assignments written %.0f/s; all on Kafka (outbox drained) %.0f/s%n",
                written, written / ((assignedAt - started) / 1e9), written / ((sentAt - started) / 1e9));
        rollouts.abort(id, "olga", "benchmark done");
        await().atMost(Duration.ofMinutes(5)).until(() -> outboxPending() == 0);
    }

    private void failToStop(ImageSigned next) {
        List<Long> latencies = new ArrayList<>();
        long overshoot = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            UUID id = approved(definition("tag==slice" + trial, next.version(), 60_000));
            rollouts.start(id, "olga", "benchmark");
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> assigned(id) >= 100);
            Instant decided = Instant.now();
            KafkaTestClient.send(new StageVerdict(
                    UUID.randomUUID(), decided, id, 1, "all", VerdictOutcome.FAIL, 100, 30, 0.4, 0.05, "bench"));
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> "PAUSED".equals(campaigns.get(id).state().name()));
            Instant pausedAt = jdbc.sql(
                            "select max(at) from campaign_transition where campaign_id = :c and action = 'PAUSE'")
                    .param("c", id)
                    .query(java.sql.Timestamp.class)
                    .single()
                    .toInstant();
            latencies.add(Duration.between(decided, pausedAt).toNanos() / 1_000);
            long before = assigned(id);
            await().pollDelay(Duration.ofMillis(500)).until(() -> true);
            long late = jdbc.sql("select count(*) from campaign_vehicle where campaign_id = :c and assigned_at > :t")
                    .param("c", id)
                    .param("t", java.sql.Timestamp.from(pausedAt))
                    .query(Long.class)
                    .single();
            overshoot += late + (assigned(id) - before);
            rollouts.abort(id, "olga", "benchmark trial done");
        }
        Collections.sort(latencies);
        System.out.printf(
                "BENCHMARK FAIL verdict sent -> dispatch stopped (pause committed), %d trials at 1000 assignments/s:"
                        + " median %.1f ms, p99 %.1f ms, max %.1f ms; overshoot %d assignments%n",
                TRIALS,
                percentile(latencies, 50) / 1000.0,
                percentile(latencies, 99) / 1000.0,
                latencies.getLast() / 1000.0,
                overshoot);
        assertThat(overshoot).isZero();
    }

    private long assigned(UUID id) {
        return jdbc.sql("select count(*) from campaign_vehicle where campaign_id = :c and assignment_id is not null")
                .param("c", id)
                .query(Long.class)
                .single();
    }

    private long outboxPending() {
        return jdbc.sql("select count(*) from outbox_event").query(Long.class).single();
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}

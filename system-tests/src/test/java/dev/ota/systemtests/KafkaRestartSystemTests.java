package dev.ota.systemtests;

import static dev.ota.systemtests.StagedCampaign.count;
import static dev.ota.systemtests.StagedCampaign.secondsBetween;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.Topics;
import dev.ota.launcher.LocalPlatform;
import dev.ota.launcher.demo.Release;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * The Kafka broker is stopped twice during a two-stage campaign, each time kept down for {@link #DOWNTIME} and started
 * again on the same port and log while every service keeps running: first while stage 1's vehicles install and report
 * (their reports wait in the gateway), then as stage 2's assignments go out (they wait in the outbox). The campaign
 * must complete with no event lost (every assignment, director metadata, install report and stage event in the audit
 * log), none applied twice and no vehicle assigned twice.
 */
class KafkaRestartSystemTests {

    /** Longer than the outbox relay's send timeout (10 s) and the producers' request timeout: clients see it gone. */
    private static final Duration DOWNTIME = Duration.ofSeconds(15);

    @Test
    void campaignCompletesAfterKafkaIsRestartedMidStageWithEveryEventOnceAndNoVehicleAssignedTwice() throws Exception {
        StagedCampaign campaign =
                StagedCampaign.start("kafka-restart", new Release("kafka-restart-fw", "4.0.0", "hw-tcu", 3, 8 * 1024));

        campaign.awaitVehicleOfStage(1, status -> status.equals("IN_PROGRESS") || status.equals("SUCCEEDED"));
        restartKafka(campaign, "stage 1 installing");
        campaign.awaitVehicleOfStage(2, status -> !status.equals("PENDING"));
        restartKafka(campaign, "stage 2 assigning");

        Set<String> assignments;
        try {
            campaign.awaitCompleted();
            Figures.record(
                    "Kafka restart campaign: 30 vehicles, 2 stages, Kafka down twice, start to COMPLETED",
                    secondsBetween(campaign.started(), Instant.now()),
                    "s");
            assignments = campaign.assertEveryVehicleUpdatedOnce();
        } catch (RuntimeException | AssertionError notCompleted) {
            explainUnfinishedVehicles(campaign);
            throw notCompleted;
        }
        campaign.assertAssignedOnceWithDirectorMetadataOnce(assignments);
        assertEveryOtherEventOnce(campaign, assignments);
        campaign.assertHealthCountedEachAssignmentOnce();
        assertRelayedOnceOnKafka(campaign);
    }

    /**
     * What the services relayed from their outboxes for this campaign is on Kafka once: a copy would not show in the
     * audit log (it keeps an event id once) but would reach every consumer that does not deduplicate, such as the
     * gateway, which would send the vehicle its director metadata twice.
     */
    private static void assertRelayedOnceOnKafka(StagedCampaign campaign) {
        for (String topic : List.of(Topics.CAMPAIGN_EVENTS, Topics.VEHICLE_ASSIGNMENTS, Topics.DIRECTOR_METADATA)) {
            Map<String, Long> copies = KafkaTopics.copiesPerEventId(topic, payload -> payload.contains(campaign.id()));
            assertThat(copies).as("events of the campaign on %s", topic).isNotEmpty();
            assertThat(copies.entrySet().stream().filter(copy -> copy.getValue() > 1))
                    .as("event ids of the campaign on %s more than once", topic)
                    .isEmpty();
        }
    }

    /** Stops Kafka, keeps it down, starts it again and waits for the campaign's next visible progress. */
    private static void restartKafka(StagedCampaign campaign, String when) throws InterruptedException {
        LocalPlatform platform = RunningPlatform.get();
        platform.stopKafka();
        Instant down = Instant.now();
        Instant back;
        try {
            System.out.println("[kafka-restart] Kafka stopped (" + when + "); vehicles " + statusCounts(campaign));
            assertThat(kafkaAnswers(platform)).as("Kafka is really gone").isFalse();
            Thread.sleep(DOWNTIME.toMillis());
            System.out.println("[kafka-restart] after the downtime; vehicles " + statusCounts(campaign));
        } finally {
            platform.startKafka();
            back = Instant.now();
        }
        Figures.record("Kafka restart (" + when + "): broker down", secondsBetween(down, back), "s");

        Map<String, String> atRestart = campaign.progress();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !campaign.progress().equals(atRestart));
        Figures.record(
                "Kafka restart (" + when + "): serving again to next progress",
                secondsBetween(back, Instant.now()),
                "s");
    }

    /** Install reports, stage and campaign events in the audit log: each there, each once. */
    private static void assertEveryOtherEventOnce(StagedCampaign campaign, Set<String> assignments) {
        AuditTrail trail = campaign.trail();
        String id = campaign.id();
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> !trail.ofType("ota.CampaignCompleted", id).isEmpty()
                        && succeededReports(trail, assignments).size() >= StagedCampaign.VEHICLES);
        Map<String, Long> succeeded = count(
                succeededReports(trail, assignments),
                e -> e.event().path("assignmentId").asString());
        assertThat(succeeded.keySet())
                .as("every vehicle's SUCCEEDED report reached the audit log")
                .isEqualTo(assignments);
        assertThat(succeeded.values())
                .as("each vehicle reported SUCCEEDED once")
                .containsOnly(1L);

        for (String type : List.of("ota.StageStarted", "ota.StageCompleted")) {
            assertThat(count(
                            trail.ofType(type, id), e -> e.event().path("stage").asString()))
                    .as("%s once per stage", type)
                    .isEqualTo(Map.of("1", 1L, "2", 1L));
        }
        assertThat(trail.ofType("ota.CampaignCompleted", id))
                .as("campaign completed once")
                .hasSize(1);
        assertThat(trail.entries().stream().map(AuditTrail.Entry::eventId).toList())
                .as("no event id appended twice")
                .doesNotHaveDuplicates();
    }

    private static List<AuditTrail.Entry> succeededReports(AuditTrail trail, Set<String> assignments) {
        return trail.ofType("ota.UpdateProgress").stream()
                .filter(e -> assignments.contains(e.event().path("assignmentId").asString()))
                .filter(e -> e.event().path("phase").asString().equals("SUCCEEDED"))
                .toList();
    }

    /**
     * Prints, for each vehicle the campaign has not seen succeed, the campaign's view, the simulator's view and every
     * record about it on the vehicle-report topic and its dead-letter topic: where a lost report stopped.
     */
    private static void explainUnfinishedVehicles(StagedCampaign campaign) {
        try {
            Set<String> unfinished = campaign.vehicles().stream()
                    .filter(v -> !v.path("status").asString().equals("SUCCEEDED"))
                    .peek(v -> System.out.println("[kafka-restart] unfinished in the campaign: " + v))
                    .map(v -> v.path("vin").asString())
                    .collect(Collectors.toSet());
            for (String topic : List.of(
                    Topics.VEHICLE_REPORTS, Topics.deadLetter(Topics.VEHICLE_REPORTS), Topics.VEHICLE_ASSIGNMENTS)) {
                KafkaTopics.describeRecordsWithKeys(topic, unfinished)
                        .forEach(line -> System.out.println("[kafka-restart] " + line));
            }
        } catch (RuntimeException unexplained) {
            System.out.println("[kafka-restart] could not explain the unfinished vehicles: " + unexplained);
        }
    }

    private static boolean kafkaAnswers(LocalPlatform platform) {
        try (Admin admin = Admin.create(KafkaTopics.operator(Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                3_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                2_000)))) {
            admin.describeCluster().nodes().get(4, TimeUnit.SECONDS);
            return true;
        } catch (Exception unreachable) {
            return false;
        }
    }

    private static Map<String, Long> statusCounts(StagedCampaign campaign) {
        return count(campaign.vehicles(), v -> v.path("status").asString());
    }
}

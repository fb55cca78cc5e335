package dev.ota.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.Headers;
import dev.ota.contracts.KafkaAccess;
import dev.ota.contracts.Topics;
import dev.ota.launcher.LocalPlatform;
import dev.ota.launcher.demo.OtaStory;
import dev.ota.launcher.demo.Release;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A lost push (issue #16 point 3): the first stage's director metadata never reaches its vehicles, and they install
 * anyway, because they ask the director. The device gateway is killed before the campaign starts; while it is down the
 * director signs the first stage's metadata (`DirectorMetadataIssued` on `ota.director.metadata`); then the gateway's
 * consumer group is moved to the end of that topic, so the records are skipped, as when an operator skips a backlog or a
 * group's offsets expire. The gateway comes back and delivers the assignments (their topic is untouched) but no update
 * command. The vehicles' next scheduled ask (every {@link RunningPlatform#DIRECTOR_ASK_INTERVAL} here) is answered from
 * the director's stored metadata, and they install. With asking switched off in the simulator
 * ({@code OTA_SIMULATOR_DIRECTOR_ASK=false}) the first stage never leaves ASSIGNED and this test fails.
 */
class LostDirectorPushSystemTests {

    /** Stage 1 (a third) large enough for the health service's PASS (its Wilson bound) with no failure. */
    private static final int VEHICLES = StagedCampaign.VEHICLES;

    @Test
    void vehiclesWhoseDirectorMetadataPushWasLostInstallWithinTheAskingInterval() throws Exception {
        LocalPlatform platform = RunningPlatform.get();
        Instant[] gatewayDown = new Instant[1];
        StagedCampaign campaign = StagedCampaign.start(
                "lost-push", new Release("lost-push-tcu-fw", "5.0.0", "hw-tcu", 5, 8 * 1024), VEHICLES, fleet -> {
                    platform.kill(OtaStory.GATEWAY);
                    gatewayDown[0] = Instant.now();
                    evictDeadMembers(KafkaAccess.GATEWAY);
                });
        Set<String> firstStage = awaitDirectorMetadataSignedForFirstStage(campaign);

        long skipped = skipDirectorMetadata(KafkaAccess.GATEWAY);
        platform.restart(OtaStory.GATEWAY, Duration.ofMinutes(3));
        Instant gatewayBack = Instant.now();
        Figures.record(
                "lost push: device-gateway down (director metadata of stage 1 signed and skipped meanwhile)",
                StagedCampaign.secondsBetween(gatewayDown[0], gatewayBack),
                "s");
        assertThat(skipped)
                .as("records of ota.director.metadata the gateway's group skipped")
                .isGreaterThanOrEqualTo(firstStage.size());

        Duration limit = RunningPlatform.DIRECTOR_ASK_INTERVAL.multipliedBy(2).plusSeconds(60);
        await().atMost(limit)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(statusesOf(campaign, firstStage))
                        .as("stage 1, whose director metadata push was lost")
                        .containsOnly("SUCCEEDED"));
        Figures.record(
                "lost push: gateway back to every stage-1 vehicle SUCCEEDED (asking every "
                        + RunningPlatform.DIRECTOR_ASK_INTERVAL.toSeconds() + " s)",
                StagedCampaign.secondsBetween(gatewayBack, Instant.now()),
                "s");

        campaign.awaitCompleted();
        Set<String> assignments = campaign.assertEveryVehicleUpdatedOnce();
        campaign.assertAssignedOnceWithDirectorMetadataOnce(assignments);
    }

    /** The VINs of stage 1, once the director has signed metadata for each of them (the gateway still down). */
    private static Set<String> awaitDirectorMetadataSignedForFirstStage(StagedCampaign campaign) {
        Set<String> fleet = campaign.fleet().vins();
        return await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> {
                            Set<String> signed = new java.util.TreeSet<>();
                            for (var record : KafkaTopics.records(Topics.DIRECTOR_METADATA, fleet)) {
                                String payload = new String(record.value(), StandardCharsets.UTF_8);
                                if ("ota.DirectorMetadataIssued.v1".equals(header(record, Headers.EVENT_TYPE))
                                        && payload.contains(campaign.id())) {
                                    signed.add(new String(record.key(), StandardCharsets.UTF_8));
                                }
                            }
                            return signed;
                        },
                        signed -> signed.size() == campaign.firstStage());
    }

    private static List<String> statusesOf(StagedCampaign campaign, Set<String> vins) {
        return campaign.vehicles().stream()
                .filter(v -> vins.contains(v.path("vin").asString()))
                .map(v -> v.path("status").asString())
                .toList();
    }

    /**
     * Removes the killed gateway's members from its consumer group, as an operator does once a host is known dead,
     * instead of waiting out their session timeout (45 s by default); then waits until the group is empty.
     */
    private static void evictDeadMembers(String group) {
        try (Admin admin = admin()) {
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .until(() -> {
                        GroupState state = admin.describeConsumerGroups(List.of(group))
                                .describedGroups()
                                .get(group)
                                .get(10, TimeUnit.SECONDS)
                                .groupState();
                        if (state == GroupState.EMPTY || state == GroupState.DEAD) {
                            return true;
                        }
                        admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions())
                                .all()
                                .get(10, TimeUnit.SECONDS);
                        return false;
                    });
        }
    }

    /**
     * Moves the group's committed offsets on {@code ota.director.metadata} to the end of each partition: what the
     * director published meanwhile is never read by it.
     *
     * @return how many records were skipped
     */
    private static long skipDirectorMetadata(String group) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            int partitions = admin.describeTopics(List.of(Topics.DIRECTOR_METADATA))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(Topics.DIRECTOR_METADATA)
                    .partitions()
                    .size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(Topics.DIRECTOR_METADATA, p), OffsetSpec.latest());
            }
            Map<TopicPartition, OffsetAndMetadata> ends =
                    admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                            .collect(Collectors.toMap(
                                    Map.Entry::getKey,
                                    e -> new OffsetAndMetadata(e.getValue().offset())));
            long skipped = 0;
            for (var end : ends.entrySet()) {
                OffsetAndMetadata was = committed.get(end.getKey());
                skipped += end.getValue().offset() - (was == null ? 0 : was.offset());
            }
            admin.alterConsumerGroupOffsets(group, ends).all().get(30, TimeUnit.SECONDS);
            return skipped;
        }
    }

    private static Admin admin() {
        Map<String, Object> config = new HashMap<>(RunningPlatform.get().kafkaOperatorProperties());
        config.put(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                RunningPlatform.get().kafkaBootstrapServers());
        return Admin.create(config);
    }

    private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}

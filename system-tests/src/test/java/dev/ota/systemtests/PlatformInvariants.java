package dev.ota.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import dev.ota.launcher.demo.Actor;
import dev.ota.launcher.demo.OtaStory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What must hold after any fault, checked from outside as an operator or auditor would: every targeted vehicle assigned
 * exactly once, every vehicle's outcome recorded (SUCCEEDED, for the healthy releases the fault tests roll out), no
 * record in any dead-letter topic, every platform event on Kafka in the audit log, and the audit log verifies.
 *
 * <p>Marked before the fault ({@link #markNow()}): only what reaches Kafka and the audit log after the mark counts, so
 * the dead letters other tests provoke on purpose do not.
 */
final class PlatformInvariants {

    private static final Duration AUDIT_CATCH_UP = Duration.ofMinutes(2);
    private static final int AUDIT_PAGE = 1000;

    private final OtaStory story = RunningPlatform.story();
    private final long auditFrom;
    private final Map<TopicPartition, Long> deadLettersFrom;
    private final Map<TopicPartition, Long> eventsFrom;

    private PlatformInvariants(
            long auditFrom, Map<TopicPartition, Long> deadLettersFrom, Map<TopicPartition, Long> eventsFrom) {
        this.auditFrom = auditFrom;
        this.deadLettersFrom = deadLettersFrom;
        this.eventsFrom = eventsFrom;
    }

    /**
     * Marks where the audit log and every topic are now. The log's size is read first: an event that reaches Kafka
     * after the topics' mark is appended after the log's.
     */
    static PlatformInvariants markNow() {
        long auditFrom = RunningPlatform.story().auditTreeSize();
        List<String> deadLetterTopics = Topics.allWithDeadLetters().stream()
                .filter(Topics::isDeadLetter)
                .toList();
        return new PlatformInvariants(
                auditFrom, KafkaTopics.endOffsets(deadLetterTopics), KafkaTopics.endOffsets(Topics.ALL));
    }

    /** Checks every invariant for a campaign of a healthy release, which every vehicle must have installed. */
    void assertHoldAfter(StagedCampaign campaign) {
        Set<String> assignments = assertEveryOutcomeRecordedAsSucceeded(campaign);
        assertEveryTargetedVehicleAssignedExactlyOnce(campaign, assignments);
        assertNoDeadLetters();
        assertEveryPlatformEventAudited();
        assertAuditLogVerifies();
    }

    /** The campaign is COMPLETED and every one of its vehicles SUCCEEDED at its first attempt and runs the release. */
    private static Set<String> assertEveryOutcomeRecordedAsSucceeded(StagedCampaign campaign) {
        campaign.awaitCompleted();
        return campaign.assertEveryVehicleUpdatedOnce();
    }

    /** One UpdateAssigned per vehicle of the fleet in the audit log, director metadata once per assignment. */
    private static void assertEveryTargetedVehicleAssignedExactlyOnce(
            StagedCampaign campaign, Set<String> assignments) {
        List<String> vins =
                campaign.vehicles().stream().map(v -> v.path("vin").asString()).toList();
        assertThat(vins).as("each targeted vehicle once in the campaign").doesNotHaveDuplicates();
        assertThat(Set.copyOf(vins)).isEqualTo(campaign.fleet().vins());
        campaign.assertAssignedOnceWithDirectorMetadataOnce(assignments);
    }

    /** Nothing reached any dead-letter topic since the mark. */
    void assertNoDeadLetters() {
        List<String> deadLetters = KafkaTopics.recordsSince(deadLettersFrom).stream()
                .map(PlatformInvariants::describe)
                .toList();
        assertThat(deadLetters).as("records dead-lettered since the mark").isEmpty();
    }

    /**
     * Every event that reached an audited topic since the mark is in the audit log (appended after the mark), waiting
     * for the log to catch up.
     */
    void assertEveryPlatformEventAudited() {
        Map<String, String> published = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : KafkaTopics.recordsSince(eventsFrom)) {
            String eventId = KafkaTopics.header(record, Headers.EVENT_ID);
            published.put(eventId == null ? "(no event id) " + describe(record) : eventId, describe(record));
        }
        assertThat(published).as("events on the audited topics since the mark").isNotEmpty();
        Set<String> audited = new HashSet<>();
        long[] next = {auditFrom - 1};
        try {
            await().atMost(AUDIT_CATCH_UP).pollInterval(Duration.ofSeconds(2)).until(() -> {
                next[0] = readAuditedEventIds(next[0], audited);
                return audited.containsAll(published.keySet());
            });
        } catch (org.awaitility.core.ConditionTimeoutException notAll) {
            List<String> missing = published.entrySet().stream()
                    .filter(event -> !audited.contains(event.getKey()))
                    .map(Map.Entry::getValue)
                    .limit(20)
                    .toList();
            assertThat(missing)
                    .as("events on Kafka missing from the audit log after %s s (first 20)", AUDIT_CATCH_UP.toSeconds())
                    .isEmpty();
        }
        System.out.println("[invariants] " + published.size() + " events on the audited topics since the mark, each"
                + " in the audit log");
    }

    /** The auditor's full verification: every entry, subtree hash and signed checkpoint agrees. */
    void assertAuditLogVerifies() {
        JsonNode report = story.verifyAudit();
        assertThat(report.path("problems").isEmpty())
                .as("audit verification: %s", report)
                .isTrue();
        assertThat(report.path("intact").asBoolean())
                .as("audit verification: %s", report)
                .isTrue();
    }

    /** Adds the event ids of the log's entries after index {@code after}; returns the last index read. */
    private long readAuditedEventIds(long after, Set<String> audited) {
        long last = after;
        while (true) {
            JsonNode page = story.client()
                    .get(
                            Actor.AUDITOR,
                            OtaStory.AUDIT,
                            "/api/audit/events?from=2000-01-01T00:00:00Z&to="
                                    + Instant.now().plus(Duration.ofDays(1)) + "&afterIndex=" + last + "&limit="
                                    + AUDIT_PAGE)
                    .orFail("audit events")
                    .json();
            for (JsonNode entry : page) {
                audited.add(entry.path("eventId").asString());
                last = Math.max(last, entry.path("index").asLong());
            }
            if (page.size() < AUDIT_PAGE) {
                return last;
            }
        }
    }

    private static String describe(ConsumerRecord<byte[], byte[]> record) {
        String payload = new String(record.value(), StandardCharsets.UTF_8);
        return record.topic() + " " + record.partition() + ":" + record.offset() + " key=" + key(record) + " "
                + KafkaTopics.header(record, Headers.EVENT_TYPE) + " reason="
                + KafkaTopics.header(record, Headers.DEAD_LETTER_REASON) + " "
                + payload.substring(0, Math.min(payload.length(), 300));
    }

    private static @Nullable String key(ConsumerRecord<byte[], byte[]> record) {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }
}

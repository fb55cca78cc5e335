package dev.ota.systemtests;

import dev.ota.launcher.demo.OtaStory;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the audit log (the auditor's API) from a starting index on, incrementally. */
final class AuditTrail {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final OtaStory story;
    private final List<Entry> entries = new ArrayList<>();
    private long next;

    /** One log entry: its event type (e.g. {@code ota.UpdateAssigned.v1}) and the event as JSON. */
    record Entry(long index, String eventId, String eventType, JsonNode event) {}

    private AuditTrail(OtaStory story, long from) {
        this.story = story;
        this.next = from;
    }

    /** A trail of what is appended from now on. */
    static AuditTrail fromNow(OtaStory story) {
        return new AuditTrail(story, story.auditTreeSize());
    }

    /** Everything appended since the start, fetching what is new. */
    List<Entry> entries() {
        long size = story.auditTreeSize();
        for (JsonNode entry : story.auditEntries(next, size)) {
            entries.add(new Entry(
                    entry.path("index").asLong(),
                    entry.path("eventId").asString(),
                    entry.path("eventType").asString(),
                    JSON.readTree(entry.path("payload").asString())));
        }
        next = size;
        return List.copyOf(entries);
    }

    List<Entry> ofType(String logicalName, String campaignId) {
        return ofType(logicalName).stream()
                .filter(e -> e.event().path("campaignId").asString().equals(campaignId))
                .toList();
    }

    /** Entries of one event type, e.g. {@code ota.UpdateProgress}, whatever they belong to. */
    List<Entry> ofType(String logicalName) {
        return entries().stream()
                .filter(e -> e.eventType().equals(logicalName) || e.eventType().startsWith(logicalName + "."))
                .toList();
    }
}

package dev.ota.audit.query;

import dev.ota.audit.log.LogEntry;
import dev.ota.audit.merkle.Hashes;
import dev.ota.contracts.EventCodec;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** One log entry as evidence: where it is in the log, its leaf hash, and the event it records. */
record Evidence(
        long index,
        String leafHash,
        UUID eventId,
        String type,
        @Nullable String key,
        Instant occurredAt,
        JsonNode event) {

    static Evidence of(LogEntry entry) {
        return new Evidence(
                entry.index(),
                Hashes.hex(entry.leafHash()),
                entry.eventId(),
                entry.eventType(),
                entry.key(),
                entry.occurredAt(),
                EventCodec.mapper().readTree(entry.payload()));
    }
}

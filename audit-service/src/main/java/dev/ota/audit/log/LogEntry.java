package dev.ota.audit.log;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the log.
 *
 * @param index the leaf index (RFC 9162), from 0, without gaps
 * @param payload the event exactly as it was read from Kafka; {@code leafHash = SHA-256(0x00 || payload)}
 */
public record LogEntry(
        long index,
        UUID eventId,
        String eventType,
        String topic,
        @Nullable String key,
        Instant occurredAt,
        Instant appendedAt,
        @Nullable String vin,
        @Nullable UUID campaignId,
        @Nullable UUID assignmentId,
        byte[] payload,
        byte[] leafHash) {}

package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A vehicle version manifest was not believed; it changed nothing. The raw report went to the dead-letter topic with
 * the same reason.
 *
 * @param reason the refusal's name (e.g. {@code ECU_SIGNATURE}, {@code NONCE_REPLAYED}, {@code UNKNOWN_ECU})
 * @param detail which ECU, key or time, in words
 */
public record ManifestRefused(
        UUID eventId, Instant occurredAt, String vin, UUID reportEventId, String reason, String detail)
        implements InventoryEvent {

    public ManifestRefused {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(vin, "vin");
        Require.present(reportEventId, "reportEventId");
        Require.text(reason, "reason");
        Require.text(detail, "detail");
    }
}

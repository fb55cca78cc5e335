package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** Every vehicle of a rollback reported back. */
public record RollbackCompleted(
        UUID eventId, Instant occurredAt, UUID campaignId, int vehicles, int succeeded, int failed)
        implements RollbackEvent {

    public RollbackCompleted {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.present(campaignId, "campaignId");
    }

    @Override
    public String key() {
        return campaignId.toString();
    }
}

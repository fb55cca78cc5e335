package dev.ota.contracts.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Per-vehicle director metadata was signed. The documents travel unchanged to the vehicle, which verifies them itself. */
public record DirectorMetadataIssued(
        UUID eventId, Instant occurredAt, String vin, UUID assignmentId, UUID campaignId, Map<String, String> metadata)
        implements DirectorEvent {

    public DirectorMetadataIssued {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(vin, "vin");
        Require.present(assignmentId, "assignmentId");
        Require.present(campaignId, "campaignId");
        metadata = Require.map(metadata);
    }

    @Override
    public String key() {
        return vin;
    }
}

package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** A pending assignment was withdrawn before the vehicle installed it. */
public record AssignmentCancelled(
        UUID eventId, Instant occurredAt, String vin, UUID assignmentId, UUID campaignId, String reason)
        implements AssignmentEvent {

    public AssignmentCancelled {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(vin, "vin");
        Require.present(assignmentId, "assignmentId");
        Require.present(campaignId, "campaignId");
        Require.text(reason, "reason");
    }

    @Override
    public String key() {
        return vin;
    }
}

package dev.ota.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Per-vehicle director metadata was signed. The documents travel unchanged to the vehicle, which verifies them itself.
 *
 * @param targets how many ECU images the signed targets assign, with their full lengths (bytes a vehicle downloads
 *     without deltas); empty from producers that predate the field
 * @param deltasOffered the ECUs the director offered a delta to (docs/deltas.md); empty when none fitted
 */
public record DirectorMetadataIssued(
        UUID eventId,
        Instant occurredAt,
        String vin,
        UUID assignmentId,
        UUID campaignId,
        Map<String, String> metadata,
        List<AssignedImage> targets,
        List<DeltaOffered> deltasOffered)
        implements DirectorEvent {

    /** One ECU's assigned image and its signed length. */
    public record AssignedImage(String ecuSerial, String targetPath, long length) {

        public AssignedImage {
            Require.text(ecuSerial, "assignedImage.ecuSerial");
            Require.text(targetPath, "assignedImage.targetPath");
            Require.nonNegative(length, "assignedImage.length");
        }
    }

    /** Metadata issued without saying what it assigns (as producers before deltas wrote it). */
    public DirectorMetadataIssued(
            UUID eventId,
            Instant occurredAt,
            String vin,
            UUID assignmentId,
            UUID campaignId,
            Map<String, String> metadata) {
        this(eventId, occurredAt, vin, assignmentId, campaignId, metadata, List.of(), List.of());
    }

    public DirectorMetadataIssued {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(vin, "vin");
        Require.present(assignmentId, "assignmentId");
        Require.present(campaignId, "campaignId");
        metadata = Require.map(metadata);
        targets = Require.list(targets);
        deltasOffered = Require.list(deltasOffered);
    }

    @Override
    public String key() {
        return vin;
    }
}

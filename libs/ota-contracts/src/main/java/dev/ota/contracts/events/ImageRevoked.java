package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** An image version was withdrawn; the image repository no longer lists it. */
public record ImageRevoked(
        UUID eventId,
        Instant occurredAt,
        String imageName,
        String version,
        String targetPath,
        String reason,
        String revokedBy)
        implements ImageEvent {

    public ImageRevoked {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(imageName, "imageName");
        Require.text(version, "version");
        Require.text(targetPath, "targetPath");
        Require.text(reason, "reason");
        Require.text(revokedBy, "revokedBy");
    }

    @Override
    public String key() {
        return imageName;
    }
}

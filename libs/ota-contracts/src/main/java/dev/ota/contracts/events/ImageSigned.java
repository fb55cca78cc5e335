package dev.ota.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An image was stored, hashed and signed into the image repository under a delegated role. */
public record ImageSigned(
        UUID eventId,
        Instant occurredAt,
        String imageName,
        String version,
        List<String> hardwareIds,
        long releaseCounter,
        long length,
        Map<String, String> hashes,
        String targetPath,
        String signedByRole,
        Map<String, String> custom)
        implements ImageEvent {

    public ImageSigned {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(imageName, "imageName");
        Require.text(version, "version");
        hardwareIds = Require.list(hardwareIds);
        Require.nonNegative(releaseCounter, "releaseCounter");
        Require.nonNegative(length, "length");
        hashes = Require.map(hashes);
        Require.text(targetPath, "targetPath");
        Require.text(signedByRole, "signedByRole");
        custom = Require.map(custom);
    }

    @Override
    public String key() {
        return imageName;
    }
}

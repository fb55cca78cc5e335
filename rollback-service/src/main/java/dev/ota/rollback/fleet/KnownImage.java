package dev.ota.rollback.fleet;

import java.util.Map;

/** An image the service can re-release: everything a director target needs except the new release counter. */
public record KnownImage(
        String targetPath,
        String imageName,
        String version,
        long releaseCounter,
        long length,
        Map<String, String> hashes) {}

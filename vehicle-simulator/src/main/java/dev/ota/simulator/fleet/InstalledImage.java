package dev.ota.simulator.fleet;

import java.util.Map;

/** What one slot of an ECU holds: the image, its version, release counter, length and hashes. */
public record InstalledImage(
        String imageName,
        String version,
        String targetPath,
        long releaseCounter,
        long length,
        Map<String, String> hashes) {

    public InstalledImage {
        hashes = Map.copyOf(hashes);
    }
}

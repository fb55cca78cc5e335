package dev.ota.contracts.events;

import java.util.Map;

/**
 * The image an ECU's last verified manifest reported installed (its target path, length and hashes): the base a delta
 * would have to start from. Carried in an assignment, under the assignment's seal, so that the director can offer a
 * delta from exactly that image and nothing on the way can make it offer another.
 */
public record InstalledImage(String targetPath, long length, Map<String, String> hashes) {

    public InstalledImage {
        Require.text(targetPath, "installed.targetPath");
        Require.nonNegative(length, "installed.length");
        hashes = Require.map(hashes);
    }
}

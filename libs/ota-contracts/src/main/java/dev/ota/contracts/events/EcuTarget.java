package dev.ota.contracts.events;

import java.util.Map;

/**
 * One image for one ECU, as the director will list it: which ECU, which hardware it must match, which image and
 * release counter (Uptane anti-rollback), and the length and hashes the vehicle checks.
 */
public record EcuTarget(
        String ecuSerial,
        String hardwareId,
        String imageName,
        String version,
        String targetPath,
        long releaseCounter,
        long length,
        Map<String, String> hashes) {

    public EcuTarget {
        Require.text(ecuSerial, "ecuSerial");
        Require.text(hardwareId, "hardwareId");
        Require.text(imageName, "imageName");
        Require.text(version, "version");
        Require.text(targetPath, "targetPath");
        Require.nonNegative(releaseCounter, "releaseCounter");
        Require.nonNegative(length, "length");
        hashes = Require.map(hashes);
    }
}

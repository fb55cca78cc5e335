package dev.ota.contracts.events;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One image for one ECU, as the director will list it: which ECU, which hardware it must match, which image and
 * release counter (Uptane anti-rollback), and the length and hashes the vehicle checks.
 *
 * @param installed what the ECU's last verified manifest reported installed, the base the director may offer a delta
 *     from (docs/deltas.md); null when not known (no manifest yet, a rollback, or a producer that predates the field)
 */
public record EcuTarget(
        String ecuSerial,
        String hardwareId,
        String imageName,
        String version,
        String targetPath,
        long releaseCounter,
        long length,
        Map<String, String> hashes,
        @Nullable InstalledImage installed) {

    /** A target without a known installed base: the director offers the full image only. */
    public EcuTarget(
            String ecuSerial,
            String hardwareId,
            String imageName,
            String version,
            String targetPath,
            long releaseCounter,
            long length,
            Map<String, String> hashes) {
        this(ecuSerial, hardwareId, imageName, version, targetPath, releaseCounter, length, hashes, null);
    }

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

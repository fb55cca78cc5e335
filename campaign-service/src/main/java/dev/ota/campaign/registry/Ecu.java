package dev.ota.campaign.registry;

import dev.ota.contracts.events.InstalledImage;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One ECU of a vehicle and the software its last verified manifest reported.
 *
 * @param imageName installed image, null before the first manifest
 * @param version installed version
 * @param releaseCounter installed release counter (Uptane anti-rollback), null when not known
 * @param keyId the TUF key id of the ECU's registered public key, null when none was registered (its reports are then
 *     never believed)
 * @param installedLength length of the installed image its last verified manifest reported, null before one
 * @param installedSha256 its SHA-256 as reported, null when not reported
 * @param installedSha512 its SHA-512 as reported, null when not reported
 */
public record Ecu(
        String serial,
        String hardwareId,
        boolean primary,
        @Nullable String imageName,
        @Nullable String version,
        @Nullable Long releaseCounter,
        @Nullable String targetPath,
        @Nullable Instant reportedAt,
        @Nullable String keyId,
        @Nullable Long installedLength,
        @Nullable String installedSha256,
        @Nullable String installedSha512) {

    /** An ECU whose installed image's length and hashes are not known. */
    public Ecu(
            String serial,
            String hardwareId,
            boolean primary,
            @Nullable String imageName,
            @Nullable String version,
            @Nullable Long releaseCounter,
            @Nullable String targetPath,
            @Nullable Instant reportedAt,
            @Nullable String keyId) {
        this(
                serial,
                hardwareId,
                primary,
                imageName,
                version,
                releaseCounter,
                targetPath,
                reportedAt,
                keyId,
                null,
                null,
                null);
    }

    /**
     * The installed image as the last verified manifest reported it (path, length, hashes): the base the director may
     * offer a delta from; null when not known.
     */
    public @Nullable InstalledImage installed() {
        if (targetPath == null || installedLength == null || installedSha256 == null) {
            return null;
        }
        return new InstalledImage(
                targetPath,
                installedLength,
                installedSha512 == null
                        ? Map.of("sha256", installedSha256)
                        : Map.of("sha256", installedSha256, "sha512", installedSha512));
    }
}

package dev.ota.campaign.registry;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One ECU of a vehicle and the software its last verified manifest reported.
 *
 * @param imageName installed image, null before the first manifest
 * @param version installed version
 * @param releaseCounter installed release counter (Uptane anti-rollback), null when not known
 * @param keyId the TUF key id of the ECU's registered public key, null when none was registered (its reports are then
 *     never believed)
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
        @Nullable String keyId) {}

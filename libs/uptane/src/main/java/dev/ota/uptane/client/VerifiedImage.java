package dev.ota.uptane.client;

import dev.ota.uptane.metadata.TargetFile;
import org.jspecify.annotations.Nullable;

/**
 * An image that passed verification for one ECU.
 *
 * @param imageRepositoryTarget the matching image repository entry (full verification), null after partial
 *     verification
 * @param signedByRole the image repository role that vouched for it (full verification), null otherwise
 */
public record VerifiedImage(
        String ecuSerial,
        String targetPath,
        TargetFile directorTarget,
        @Nullable TargetFile imageRepositoryTarget,
        @Nullable String signedByRole) {}

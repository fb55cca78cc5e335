package dev.ota.uptane.manifest;

import dev.ota.uptane.crypto.TufKey;
import org.jspecify.annotations.Nullable;

/**
 * One ECU as the inventory knows it: registered when the vehicle was provisioned, never learned from a manifest.
 *
 * @param key the ECU's public key, which signs its version reports (and, on the Primary, the manifest); null when the
 *     ECU was registered without one, so that nothing it signs is believed
 */
public record RegisteredEcu(
        String serial,
        String hardwareId,
        boolean primary,
        @Nullable TufKey key) {}

package dev.ota.simulator.fleet;

import dev.ota.contracts.events.InstallConditions;
import org.jspecify.annotations.Nullable;

/**
 * A verified image and the ECU it is for.
 *
 * @param signedConditions the install conditions the director signed into this image's target, or null when the
 *     metadata carries none (verification off, or a director that does not sign them)
 */
public record PlannedImage(
        Ecu ecu, InstalledImage image, @Nullable InstallConditions signedConditions) {

    public PlannedImage(Ecu ecu, InstalledImage image) {
        this(ecu, image, null);
    }
}

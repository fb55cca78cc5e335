package dev.ota.campaign.rollout;

import dev.ota.campaign.campaigns.UpdateBundle;
import dev.ota.campaign.registry.Ecu;
import dev.ota.campaign.registry.Vehicle;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a vehicle's last signed manifest shows the bundle installed: every ECU the bundle addresses runs the bundle's
 * image and version. A vehicle's own "succeeded" is not enough to count it: an A/B fallback after a bad boot, or a
 * client that reports success too early, leaves the old image running while the report says otherwise.
 */
final class ManifestConfirmation {

    private ManifestConfirmation() {}

    /** @return what the manifest shows instead, for the first ECU that does not run its bundle image; empty if all do */
    static Optional<String> contradiction(Vehicle vehicle, UpdateBundle bundle) {
        if (vehicle.manifestAt() == null) {
            return Optional.of("no signed manifest");
        }
        for (UpdateBundle.Image image : bundle.images()) {
            Optional<Ecu> fitted = vehicle.ecuFor(image.hardwareId());
            if (fitted.isEmpty()) {
                continue;
            }
            Ecu ecu = fitted.get();
            if (!Objects.equals(ecu.imageName(), image.imageName())
                    || !Objects.equals(ecu.version(), image.version())) {
                return Optional.of("ECU %s (%s) runs %s %s, not %s %s"
                        .formatted(
                                ecu.serial(),
                                ecu.hardwareId(),
                                ecu.imageName(),
                                ecu.version(),
                                image.imageName(),
                                image.version()));
            }
        }
        return Optional.empty();
    }
}

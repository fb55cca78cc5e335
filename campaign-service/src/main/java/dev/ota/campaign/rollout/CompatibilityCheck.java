package dev.ota.campaign.rollout;

import dev.ota.campaign.campaigns.UpdateBundle;
import dev.ota.campaign.images.SignedImage;
import dev.ota.campaign.registry.Ecu;
import dev.ota.campaign.registry.Vehicle;
import dev.ota.contracts.events.EcuTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a vehicle against a bundle using its last signed manifest, before anything is assigned (UNECE R156 7.1.1.7):
 * the vehicle must have reported a manifest; every ECU the bundle would update must exist and must not be above the
 * image's release counter (Uptane refuses rollbacks); images must still be signed and not revoked; and every
 * dependency ("ECU B needs ECU A at release >= n") must hold counting what the bundle itself installs.
 */
final class CompatibilityCheck {

    private CompatibilityCheck() {}

    static Compatibility check(Vehicle vehicle, UpdateBundle bundle, Map<String, SignedImage> imagesByHardwareId) {
        List<String> problems = new ArrayList<>();
        if (vehicle.manifestAt() == null) {
            return new Compatibility.Incompatible(List.of("no signed manifest reported yet"));
        }
        Map<String, Long> counterAfter = new HashMap<>();
        for (Ecu ecu : vehicle.ecus()) {
            if (ecu.releaseCounter() != null) {
                counterAfter.merge(ecu.hardwareId(), ecu.releaseCounter(), Math::max);
            }
        }
        List<EcuTarget> targets = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (UpdateBundle.Image image : bundle.images()) {
            Optional<Ecu> fitted = vehicle.ecuFor(image.hardwareId());
            if (fitted.isEmpty()) {
                continue;
            }
            Ecu ecu = fitted.get();
            SignedImage signed = imagesByHardwareId.get(image.hardwareId());
            if (signed == null || signed.revoked()) {
                problems.add(image.imageName() + " " + image.version() + " is not a current signed image");
                continue;
            }
            if (signed.version().equals(ecu.version()) && signed.imageName().equals(ecu.imageName())) {
                current.add(ecu.serial() + " already runs " + signed.imageName() + " " + signed.version());
                continue;
            }
            if (ecu.releaseCounter() != null && ecu.releaseCounter() > signed.releaseCounter()) {
                problems.add("ECU " + ecu.serial() + " runs release " + ecu.releaseCounter() + ", newer than "
                        + signed.releaseCounter() + " of " + signed.imageName() + " " + signed.version());
                continue;
            }
            targets.add(new EcuTarget(
                    ecu.serial(),
                    ecu.hardwareId(),
                    signed.imageName(),
                    signed.version(),
                    signed.targetPath(),
                    signed.releaseCounter(),
                    signed.length(),
                    signed.hashes(),
                    ecu.installed()));
            counterAfter.put(ecu.hardwareId(), signed.releaseCounter());
        }
        for (UpdateBundle.Image image : bundle.images()) {
            if (targets.stream().noneMatch(t -> t.hardwareId().equals(image.hardwareId()))) {
                continue;
            }
            for (UpdateBundle.Dependency dependency : image.requires()) {
                Long after = counterAfter.get(dependency.hardwareId());
                if (after == null || after < dependency.minReleaseCounter()) {
                    problems.add(image.hardwareId() + " needs " + dependency.hardwareId() + " at release >= "
                            + dependency.minReleaseCounter() + ", vehicle would have "
                            + (after == null ? "none" : after));
                }
            }
        }
        if (!problems.isEmpty()) {
            return new Compatibility.Incompatible(problems);
        }
        if (targets.isEmpty()) {
            return current.isEmpty()
                    ? new Compatibility.Incompatible(List.of("no ECU with a hardware id the bundle addresses"))
                    : new Compatibility.AlreadyInstalled(String.join("; ", current));
        }
        List<String> evidence = new ArrayList<>();
        for (EcuTarget target : targets) {
            evidence.add(target.ecuSerial() + " (" + target.hardwareId() + ") -> " + target.imageName() + " "
                    + target.version() + " r" + target.releaseCounter());
        }
        evidence.addAll(current);
        return new Compatibility.Compatible(targets, "compatible: " + String.join("; ", evidence));
    }
}

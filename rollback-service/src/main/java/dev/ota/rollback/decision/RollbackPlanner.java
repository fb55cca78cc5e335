package dev.ota.rollback.decision;

import dev.ota.contracts.events.EcuTarget;
import dev.ota.rollback.fleet.ImageEvidence;
import dev.ota.rollback.fleet.KnownImage;
import dev.ota.rollback.fleet.StageVehicle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plans one vehicle's rollback: every ECU the update touched goes back to the image it ran before (its last-known-good
 * from the signed manifest), re-released under a higher counter. The whole vehicle is refused, with the reason, when
 * any of those ECUs has no known previous image or one that is not pre-validated: a half rollback could leave ECUs on
 * versions that were never tested together.
 */
final class RollbackPlanner {

    sealed interface Plan {
        StageVehicle vehicle();
    }

    record RollBack(StageVehicle vehicle, List<EcuTarget> targets) implements Plan {}

    record Refused(StageVehicle vehicle, String reason) implements Plan {}

    private RollbackPlanner() {}

    static Plan plan(StageVehicle vehicle, Map<String, ImageEvidence> evidence, PreValidatedVersionRule rule) {
        List<EcuTarget> targets = new ArrayList<>();
        for (EcuTarget failing : vehicle.targets()) {
            String previous = vehicle.previousImages().get(failing.ecuSerial());
            if (previous == null) {
                return new Refused(
                        vehicle,
                        "no signed manifest showed what ECU " + failing.ecuSerial() + " (" + failing.hardwareId()
                                + ") ran before the update");
            }
            ImageEvidence known = evidence.getOrDefault(previous, new ImageEvidence(null, 0, null));
            Optional<String> refusal = rule.refusal(previous, known);
            if (refusal.isPresent()) {
                return new Refused(vehicle, "ECU " + failing.ecuSerial() + ": " + refusal.get());
            }
            KnownImage image = known.image();
            targets.add(new EcuTarget(
                    failing.ecuSerial(),
                    failing.hardwareId(),
                    image.imageName(),
                    image.version(),
                    image.targetPath(),
                    ReleaseCounter.reRelease(failing.releaseCounter(), image.releaseCounter()),
                    image.length(),
                    image.hashes()));
        }
        return new RollBack(vehicle, List.copyOf(targets));
    }
}

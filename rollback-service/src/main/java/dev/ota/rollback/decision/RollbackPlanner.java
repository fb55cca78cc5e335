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
 * Plans one vehicle's rollback: every ECU the update touched goes back to the bytes it ran before (its last-known-good
 * from the signed manifest), as a released image whose release counter is above the failing image's — a re-release —
 * so the ECU's anti-rollback check accepts it and stays on. The whole vehicle is refused, with the reason, when any of
 * those ECUs has no known previous image, one that is not pre-validated, or no such re-release: a half rollback could
 * leave ECUs on versions that were never tested together.
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
            ImageEvidence known = evidence.getOrDefault(previous, ImageEvidence.unknown());
            Optional<String> refusal = rule.refusal(previous, known);
            if (refusal.isPresent()) {
                return new Refused(vehicle, "ECU " + failing.ecuSerial() + ": " + refusal.get());
            }
            Optional<KnownImage> reRelease = known.releasedCopies().stream()
                    .filter(copy -> copy.releaseCounter() > failing.releaseCounter())
                    .findFirst();
            if (reRelease.isEmpty()) {
                KnownImage image = known.image();
                String howTo = image == null
                        ? "POST /api/images/{name}/{version}/re-release"
                        : "POST /api/images/" + image.imageName() + "/" + image.version() + "/re-release";
                return new Refused(
                        vehicle,
                        "ECU " + failing.ecuSerial() + ": no released re-release of last-known-good " + previous
                                + " above release counter " + failing.releaseCounter()
                                + " (the vehicle's anti-rollback check would refuse anything lower); a release"
                                + " engineer prepares one: " + howTo + " on the signing service, then co-signs it");
            }
            KnownImage image = reRelease.get();
            targets.add(new EcuTarget(
                    failing.ecuSerial(),
                    failing.hardwareId(),
                    image.imageName(),
                    image.version(),
                    image.targetPath(),
                    image.releaseCounter(),
                    image.length(),
                    image.hashes()));
        }
        return new RollBack(vehicle, List.copyOf(targets));
    }
}

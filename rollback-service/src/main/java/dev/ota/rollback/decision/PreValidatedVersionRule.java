package dev.ota.rollback.decision;

import dev.ota.rollback.fleet.ImageEvidence;
import java.util.Optional;

/**
 * "An untested rollback path is not a rollback path": an image may be a rollback target only if it was installed and
 * reported healthy on at least {@code minHealthyVehicles} distinct vehicles, or a person validated it explicitly.
 */
record PreValidatedVersionRule(long minHealthyVehicles) {

    /** Why the image may not be a rollback target, or empty when it may. */
    Optional<String> refusal(String targetPath, ImageEvidence evidence) {
        if (evidence.image() == null) {
            return Optional.of("last-known-good " + targetPath + " is not an image this service knows (never signed or"
                    + " assigned), so it cannot be re-released");
        }
        if (evidence.validatedBy() != null || evidence.healthyVehicles() >= minHealthyVehicles) {
            return Optional.empty();
        }
        return Optional.of("last-known-good " + targetPath + " is not pre-validated: healthy on "
                + evidence.healthyVehicles() + " vehicle(s), needs " + minHealthyVehicles
                + ", and no explicit validation");
    }
}

package dev.ota.signing.director;

import dev.ota.contracts.events.DeltaOffered;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.InstalledImage;
import dev.ota.signing.imagerepo.PublishedDeltas;
import dev.ota.uptane.delta.DeltaDescription;
import dev.ota.uptane.delta.DeltaOffer;
import dev.ota.uptane.delta.DeltaPaths;
import dev.ota.uptane.delta.DeltaRefusedException;
import dev.ota.uptane.metadata.TargetFile;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Decides whether the director offers an ECU a delta (docs/deltas.md): only when the assignment names the image the
 * ECU's last verified manifest reported (sealed by campaign-service), the image repository lists a delta from exactly
 * that image (same length, every hash both name equal) to exactly the assigned release, and the delta is smaller than
 * the full image. Anything else, the full image only. The offer is a saving, never a trust decision: the vehicle still
 * checks the delta against the image repository and the result against the release.
 */
@Component
class DeltaOffers {

    private final PublishedDeltas deltas;

    DeltaOffers(PublishedDeltas deltas) {
        this.deltas = deltas;
    }

    /** What the director offers this ECU besides its full image, or nothing. */
    Optional<Offer> offerFor(EcuTarget target) {
        InstalledImage installed = target.installed();
        String baseSha256 = installed == null ? null : installed.hashes().get("sha256");
        if (installed == null || baseSha256 == null || installed.targetPath().equals(target.targetPath())) {
            return Optional.empty();
        }
        String path = DeltaPaths.of(target.targetPath(), baseSha256);
        return deltas.find(path)
                .filter(delta -> fits(delta, target, installed))
                .map(delta -> new Offer(
                        DeltaOffer.of(
                                path, delta, new DeltaDescription.FileInfo(installed.length(), installed.hashes())),
                        new DeltaOffered(target.ecuSerial(), path, delta.length(), target.length())));
    }

    /** An offer as signed in the director target and as reported in {@code DirectorMetadataIssued}. */
    record Offer(DeltaOffer signed, DeltaOffered reported) {}

    private static boolean fits(TargetFile delta, EcuTarget target, InstalledImage installed) {
        DeltaDescription description;
        try {
            description = DeltaDescription.of(delta);
        } catch (DeltaRefusedException malformed) {
            return false;
        }
        return description.resultPath().equals(target.targetPath())
                && description.result().describes(target.length(), target.hashes())
                && description.base().describes(installed.length(), installed.hashes())
                && delta.length() < target.length();
    }
}

package dev.ota.signing.imagerepo;

import dev.ota.uptane.metadata.TargetFile;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The deltas the image repository's {@code deltas} role lists now (both ends still released), by target path: what
 * the director may offer a vehicle. The same rows the role is signed from, so an offered delta is one the vehicle finds
 * in the signed role (revoking an image re-signs the role and drops it here in the same transaction).
 */
@Component
public class PublishedDeltas {

    private final DeltaCatalog deltas;

    PublishedDeltas(DeltaCatalog deltas) {
        this.deltas = deltas;
    }

    /** The delta's target entry (length, hashes, signed {@code custom.delta}), if the role lists it. */
    public Optional<TargetFile> find(String deltaPath) {
        return deltas.findPublished(deltaPath).map(DeltaCatalog.StoredDelta::targetFile);
    }
}

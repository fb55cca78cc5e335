package dev.ota.rollback.fleet;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What is known about an image as a rollback target.
 *
 * @param image its metadata, or null when the service never saw it signed or assigned
 * @param healthyVehicles distinct vehicles that ran it and reported healthy
 * @param validatedBy who validated it explicitly, or null
 * @param releasedCopies released, unrevoked images with the same bytes (the image itself and its re-releases), in
 *     ascending release counter order
 */
public record ImageEvidence(
        @Nullable KnownImage image,
        long healthyVehicles,
        @Nullable String validatedBy,
        List<KnownImage> releasedCopies) {

    public ImageEvidence {
        releasedCopies = List.copyOf(releasedCopies);
    }

    /** Evidence about an image the service has never seen. */
    public static ImageEvidence unknown() {
        return new ImageEvidence(null, 0, null, List.of());
    }
}

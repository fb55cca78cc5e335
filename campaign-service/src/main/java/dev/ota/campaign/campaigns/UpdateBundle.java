package dev.ota.campaign.campaigns;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a campaign installs: one image per ECU hardware id, dependencies between ECUs, and the RXSWIN (UNECE R156
 * software identification number) the vehicle has afterwards.
 */
public record UpdateBundle(List<Image> images, @Nullable String rxswin) {

    public UpdateBundle {
        images = images == null ? List.of() : List.copyOf(images);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("bundle.images needs at least one image");
        }
        Set<String> seen = new HashSet<>();
        for (Image image : images) {
            if (!seen.add(image.hardwareId())) {
                throw new IllegalArgumentException(
                        "bundle has two images for hardware id '" + image.hardwareId() + "'; one per ECU type");
            }
        }
    }

    public List<String> hardwareIds() {
        return images.stream().map(Image::hardwareId).toList();
    }

    /**
     * The image for one ECU hardware id.
     *
     * @param requires ECUs that must be at or above a release counter first (counting what this bundle installs)
     */
    public record Image(String hardwareId, String imageName, String version, List<Dependency> requires) {

        public Image {
            if (hardwareId == null
                    || hardwareId.isBlank()
                    || imageName == null
                    || imageName.isBlank()
                    || version == null
                    || version.isBlank()) {
                throw new IllegalArgumentException("each bundle image needs hardwareId, imageName and version");
            }
            requires = requires == null ? List.of() : List.copyOf(requires);
        }
    }

    /** "This ECU needs the ECU of {@code hardwareId} at release {@code minReleaseCounter} or later." */
    public record Dependency(String hardwareId, long minReleaseCounter) {

        public Dependency {
            if (hardwareId == null || hardwareId.isBlank() || minReleaseCounter < 0) {
                throw new IllegalArgumentException("a dependency needs a hardwareId and a minReleaseCounter >= 0");
            }
        }
    }
}

package dev.ota.campaign.campaigns;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a campaign installs: one image per ECU hardware id, dependencies between ECUs, the order the ECUs install in,
 * and the RXSWIN (UNECE R156 software identification number) the vehicle has afterwards.
 *
 * @param installOrder hardware ids of the bundle in the order they install (e.g. the gateway before the body
 *     controller); ECUs it leaves out install after those it names, in the order of {@code images}. Dependencies
 *     between images of the bundle order them too: an ECU installs after the ECUs it requires. An order naming a
 *     hardware id the bundle does not have, or an order and dependencies that form a cycle, are refused
 */
public record UpdateBundle(
        List<Image> images,
        @Nullable String rxswin,
        @Nullable List<String> installOrder) {

    public UpdateBundle(List<Image> images, @Nullable String rxswin) {
        this(images, rxswin, null);
    }

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
        installOrder = installOrder == null ? List.of() : List.copyOf(installOrder);
        Set<String> ordered = new HashSet<>();
        for (String hardwareId : installOrder) {
            if (!seen.contains(hardwareId)) {
                throw new IllegalArgumentException("bundle.installOrder names '" + hardwareId
                        + "', which is not a hardware id of the bundle's images "
                        + seen.stream().sorted().toList());
            }
            if (!ordered.add(hardwareId)) {
                throw new IllegalArgumentException("bundle.installOrder names '" + hardwareId + "' twice");
            }
        }
        BundleInstallOrder.resolve(images, installOrder);
    }

    @Override
    public List<String> installOrder() {
        return installOrder == null ? List.of() : installOrder;
    }

    public List<String> hardwareIds() {
        return images.stream().map(Image::hardwareId).toList();
    }

    /**
     * Every hardware id of the bundle in the order its ECUs install: the declared order and the dependencies between
     * the bundle's own images, the rest in the order of {@code images}.
     */
    public List<String> hardwareIdsInInstallOrder() {
        return BundleInstallOrder.resolve(images, installOrder());
    }

    /** The given ECUs (serial to hardware id) sorted into the bundle's install order, by their hardware id. */
    public List<String> serialsInInstallOrder(List<EcuOfVehicle> ecus) {
        List<String> order = hardwareIdsInInstallOrder();
        List<EcuOfVehicle> sorted = new ArrayList<>(ecus);
        sorted.sort(java.util.Comparator.comparingInt(ecu -> {
            int rank = order.indexOf(ecu.hardwareId());
            return rank < 0 ? Integer.MAX_VALUE : rank;
        }));
        return sorted.stream().map(EcuOfVehicle::serial).toList();
    }

    /** One ECU of a vehicle a bundle updates. */
    public record EcuOfVehicle(String serial, String hardwareId) {}

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

package dev.ota.uptane.client;

import dev.ota.uptane.metadata.RoleType;
import dev.ota.uptane.metadata.Root;
import dev.ota.uptane.metadata.SignedDocument;
import dev.ota.uptane.metadata.TargetFile;
import dev.ota.uptane.metadata.Targets;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Uptane Standard 2.0 verification of an update on the vehicle.
 *
 * <ul>
 *   <li>{@link #fullVerification}: section 5.4.4.2, what the Primary (and capable Secondaries) do: director and
 *       image repositories both refreshed through the TUF workflow, and every director target checked against the
 *       image repository;
 *   <li>{@link #partialVerification}: section 5.4.4.1, director targets metadata only, for Secondaries with little
 *       storage;
 *   <li>{@link #requireCompleteBundle}: no ECU installs unless every ECU of the bundle has its image.
 * </ul>
 */
public final class UptaneVerifier {

    private UptaneVerifier() {}

    /**
     * Full verification (Uptane 2.0 section 5.4.4.2).
     *
     * @param director client of the director repository (this vehicle's documents)
     * @param imageRepository client of the image repository
     * @param ecus the vehicle's ECUs as the Primary knows them
     * @return the verified image for each ECU the director assigns one to (empty: nothing to install)
     */
    public static Map<String, VerifiedImage> fullVerification(
            RepositoryClient director, RepositoryClient imageRepository, Collection<Ecu> ecus) {
        // Steps 2-5: director root, timestamp, snapshot and targets through the TUF workflow.
        Targets directorTargets = director.refresh();
        Map<String, DirectorEntry> assigned = checkDirectorTargets(directorTargets, ecus);
        // Step 6: no new targets: verification ends here, nothing to install.
        if (assigned.isEmpty()) {
            return Map.of();
        }
        // Step 7: image repository root, timestamp, snapshot and targets (with delegations).
        imageRepository.refresh();
        var verified = new LinkedHashMap<String, VerifiedImage>();
        for (DirectorEntry entry : assigned.values()) {
            // Step 8: the image repository must list the same image with the same length, hashes, hardware id and
            // release counter; the director alone cannot make a vehicle install what the image repository never
            // signed.
            var resolved = imageRepository
                    .findTarget(entry.path())
                    .orElseThrow(() -> new AttackDetectedException(
                            Attack.ARBITRARY_SOFTWARE,
                            "the image repository does not list " + entry.path() + " for ECU "
                                    + entry.ecu().serial()));
            TargetFile image = resolved.file();
            TargetFile dir = entry.target();
            if (image.length() != dir.length() || !hashesAgree(image, dir)) {
                throw new AttackDetectedException(
                        Attack.ARBITRARY_SOFTWARE,
                        entry.path() + ": director and image repository disagree on length or hashes");
            }
            if (!image.hardwareIds().contains(entry.ecu().hardwareId())) {
                throw new AttackDetectedException(
                        Attack.ARBITRARY_SOFTWARE,
                        entry.path() + " is not released for hardware "
                                + entry.ecu().hardwareId());
            }
            if (image.releaseCounter().isPresent()
                    && dir.releaseCounter().isPresent()
                    && image.releaseCounter().getAsLong()
                            != dir.releaseCounter().getAsLong()) {
                throw new AttackDetectedException(
                        Attack.ROLLBACK,
                        entry.path() + ": director release counter "
                                + dir.releaseCounter().getAsLong() + " differs from the image repository's "
                                + image.releaseCounter().getAsLong());
            }
            verified.put(
                    entry.ecu().serial(),
                    new VerifiedImage(entry.ecu().serial(), entry.path(), dir, image, resolved.role()));
        }
        return verified;
    }

    /**
     * Partial verification (Uptane 2.0 section 5.4.4.1): the Secondary checks the director's targets metadata with
     * the director targets keys from its trusted director root, its version against the previous one, its expiry,
     * and its own entry.
     *
     * @param directorRoot the trusted director root (for the targets role keys and threshold)
     * @param previousTargetsVersion version of the last director targets metadata this ECU accepted (0 if none)
     */
    public static VerifiedImage partialVerification(
            byte[] directorTargetsJson, Root directorRoot, long previousTargetsVersion, Ecu ecu, Clock clock) {
        var doc = SignedDocument.parse(directorTargetsJson, Targets::fromJson);
        // Step 2: signed by a threshold of the director's targets keys.
        if (!doc.meetsThreshold(directorRoot.role(RoleType.TARGETS), directorRoot.keys())) {
            throw new AttackDetectedException(
                    Attack.ARBITRARY_SOFTWARE,
                    "director targets metadata is not signed by the director's targets keys");
        }
        // Step 3: the version must not be lower than the one previously accepted.
        if (doc.body().version() < previousTargetsVersion) {
            throw new AttackDetectedException(
                    Attack.ROLLBACK,
                    "director targets version " + doc.body().version() + " is older than " + previousTargetsVersion);
        }
        // Step 4: not expired.
        if (!clock.instant().isBefore(doc.body().expires())) {
            throw new AttackDetectedException(
                    Attack.FREEZE,
                    "director targets metadata expired at " + doc.body().expires());
        }
        var assigned = checkDirectorTargets(doc.body(), java.util.List.of(ecu));
        DirectorEntry entry = assigned.get(ecu.serial());
        if (entry == null) {
            throw new AttackDetectedException(
                    Attack.PARTIAL_BUNDLE, "director targets list no image for ECU " + ecu.serial());
        }
        return new VerifiedImage(ecu.serial(), entry.path(), entry.target(), null, null);
    }

    /**
     * Partial bundle (Uptane 2.0 section 4, "partial bundle installation"): an update may be installed only when
     * every ECU the director assigned an image to has received its verified image; otherwise none installs.
     */
    public static void requireCompleteBundle(Map<String, VerifiedImage> verified, Set<String> ecusWithImage) {
        var missing = verified.keySet().stream()
                .filter(serial -> !ecusWithImage.contains(serial))
                .sorted()
                .collect(Collectors.toList());
        if (!missing.isEmpty()) {
            throw new AttackDetectedException(
                    Attack.PARTIAL_BUNDLE, "no verified image delivered for ECU(s) " + missing + "; install nothing");
        }
    }

    private record DirectorEntry(String path, TargetFile target, Ecu ecu) {}

    /**
     * Director targets checks common to full and partial verification (Uptane 2.0 section 5.4.4.2 step 5 and
     * 5.4.4.1): no delegations, each ECU at most once, hardware id as installed, release counter not below the
     * installed one.
     */
    private static Map<String, DirectorEntry> checkDirectorTargets(Targets directorTargets, Collection<Ecu> ecus) {
        // Uptane 2.0 section 5.2.1: the director must not delegate.
        if (directorTargets.delegations() != null
                && !directorTargets.delegations().roles().isEmpty()) {
            throw new AttackDetectedException(Attack.ARBITRARY_SOFTWARE, "director targets metadata delegates");
        }
        Map<String, Ecu> bySerial = ecus.stream().collect(Collectors.toMap(Ecu::serial, Function.identity()));
        var assigned = new HashMap<String, DirectorEntry>();
        for (var t : directorTargets.targets().entrySet()) {
            for (var id : t.getValue().ecuHardwareIds().entrySet()) {
                Ecu ecu = bySerial.get(id.getKey());
                if (ecu == null) {
                    continue;
                }
                // Each ECU identifier at most once: two images for one ECU is a mix-and-match.
                if (assigned.containsKey(ecu.serial())) {
                    throw new AttackDetectedException(
                            Attack.MIX_AND_MATCH, "director lists more than one image for ECU " + ecu.serial());
                }
                // The hardware id must be the ECU's: an image for other hardware could brick it.
                if (!id.getValue().equals(ecu.hardwareId())) {
                    throw new AttackDetectedException(
                            Attack.ARBITRARY_SOFTWARE,
                            "director assigns hardware " + id.getValue() + " image to ECU " + ecu.serial() + " ("
                                    + ecu.hardwareId() + ")");
                }
                long counter = t.getValue().releaseCounter().orElse(0);
                // Release counter never goes below what is installed (rollback protection).
                if (counter < ecu.installedReleaseCounter()) {
                    throw new AttackDetectedException(
                            Attack.ROLLBACK,
                            t.getKey() + " has release counter " + counter + ", ECU " + ecu.serial() + " has installed "
                                    + ecu.installedReleaseCounter());
                }
                assigned.put(ecu.serial(), new DirectorEntry(t.getKey(), t.getValue(), ecu));
            }
        }
        return assigned;
    }

    private static boolean hashesAgree(TargetFile a, TargetFile b) {
        boolean common = false;
        for (var e : a.hashes().entrySet()) {
            String other = b.hashes().get(e.getKey());
            if (other != null) {
                common = true;
                if (!other.equalsIgnoreCase(e.getValue())) {
                    return false;
                }
            }
        }
        return common;
    }
}

package dev.ota.uptane.client;

import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.metadata.TargetFile;
import dev.ota.uptane.metadata.Targets;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
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
        return fullVerification(director, imageRepository, ecus, true);
    }

    /**
     * Full verification on a Secondary (Uptane 2.0 section 5.4.4.2): the Secondary's own trusted copies of both
     * repositories, its own image cross-checked ("a Secondary ECU can elect to perform this check only on the
     * metadata for the image it will install"). It knows only itself, so other ECU identifiers are not refused; an
     * identifier listed twice still is.
     *
     * @return its verified image, or empty when the director assigns it none
     */
    public static java.util.Optional<VerifiedImage> fullVerificationOnSecondary(
            RepositoryClient director, RepositoryClient imageRepository, Ecu self) {
        return java.util.Optional.ofNullable(fullVerification(director, imageRepository, java.util.List.of(self), false)
                .get(self.serial()));
    }

    private static Map<String, VerifiedImage> fullVerification(
            RepositoryClient director, RepositoryClient imageRepository, Collection<Ecu> ecus, boolean wholeVehicle) {
        // Steps 2-5: director root, timestamp, snapshot and targets through the TUF workflow.
        Targets directorTargets = director.refresh();
        Map<String, DirectorEntry> assigned = checkDirectorTargets(directorTargets, ecus, wholeVehicle);
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
            if (image.length() != dir.length()) {
                throw new AttackDetectedException(
                        Attack.ARBITRARY_SOFTWARE,
                        entry.path() + ": director and image repository disagree on the length");
            }
            requireSameHashes(entry.path(), image, dir);
            if (!image.hardwareIds().contains(entry.ecu().hardwareId())) {
                throw new AttackDetectedException(
                        Attack.ARBITRARY_SOFTWARE,
                        entry.path() + " is not released for hardware "
                                + entry.ecu().hardwareId());
            }
            // Step 10.2.2: the release counter is a "SHALL match" field: both repositories carry it, and the same.
            if (image.releaseCounter().isEmpty()) {
                throw new AttackDetectedException(
                        Attack.ROLLBACK, entry.path() + " carries no release counter in the image repository");
            }
            if (image.releaseCounter().getAsLong() != dir.releaseCounter().getAsLong()) {
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
     * Partial verification (Uptane 2.0 section 5.4.4.1) by a Secondary that holds its own director root and targets
     * ({@code ownDirector}, persisted in its own {@link TrustStore}): first its director root follows the rotation
     * chain the Primary passes on (N+1.root.json, as 5.4.4.1 suggests, so a rotated director targets key reaches it),
     * then the director targets are checked against that root and against the last targets this ECU accepted.
     *
     * @param ownDirector this Secondary's client of the director's documents as the Primary relays them
     */
    public static VerifiedImage partialVerification(RepositoryClient ownDirector, byte[] directorTargetsJson, Ecu ecu) {
        ownDirector.refreshRoot();
        Targets targets = ownDirector.trusted().updateTargetsWithoutSnapshot(directorTargetsJson);
        return ownImage(targets, ecu);
    }

    private static VerifiedImage ownImage(Targets directorTargets, Ecu ecu) {
        var assigned = checkDirectorTargets(directorTargets, java.util.List.of(ecu), false);
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
        requireCompleteBundle(verified.keySet(), ecusWithImage);
    }

    /**
     * The same check against the ECUs a bundle names (e.g. the install order the director signed): every one of them
     * must have its image, or none installs.
     *
     * @throws AttackDetectedException {@link Attack#PARTIAL_BUNDLE} naming the ECUs without their image
     */
    public static void requireCompleteBundle(Collection<String> bundleEcus, Set<String> ecusWithImage) {
        var missing = bundleEcus.stream()
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
     * Director targets checks common to full and partial verification (Uptane 2.0 section 5.4.4.6, "How to check
     * Targets metadata", steps 6 to 8, and 5.4.3.4 "Verify image" step 3): no delegations, no ECU identifier listed
     * more than once anywhere in the document, on the Primary no ECU identifier the vehicle does not have, hardware
     * id as installed, a release counter on every entry for this vehicle's ECUs, not below the installed one.
     *
     * @param wholeVehicle {@code ecus} are all the ECUs of the vehicle (the Primary's view): an identifier outside
     *     them is refused. A Secondary knows only itself and passes false.
     */
    private static Map<String, DirectorEntry> checkDirectorTargets(
            Targets directorTargets, Collection<Ecu> ecus, boolean wholeVehicle) {
        // Uptane 2.0 section 5.2.1: the director must not delegate.
        if (directorTargets.delegations() != null
                && !directorTargets.delegations().roles().isEmpty()) {
            throw new AttackDetectedException(Attack.ARBITRARY_SOFTWARE, "director targets metadata delegates");
        }
        Map<String, Ecu> bySerial = ecus.stream().collect(Collectors.toMap(Ecu::serial, Function.identity()));
        var listed = new HashSet<String>();
        var assigned = new HashMap<String, DirectorEntry>();
        for (var t : directorTargets.targets().entrySet()) {
            for (var id : t.getValue().ecuHardwareIds().entrySet()) {
                // Each ECU identifier at most once in the whole document: two images for one ECU is a mix-and-match.
                if (!listed.add(id.getKey())) {
                    throw new AttackDetectedException(
                            Attack.MIX_AND_MATCH, "director lists more than one image for ECU " + id.getKey());
                }
                Ecu ecu = bySerial.get(id.getKey());
                if (ecu == null) {
                    // The Primary knows every ECU of its vehicle: an unknown identifier means metadata for another
                    // vehicle (or a made-up ECU) was mixed in.
                    if (wholeVehicle) {
                        throw new AttackDetectedException(
                                Attack.MIX_AND_MATCH,
                                "director lists an image for ECU " + id.getKey()
                                        + ", which this vehicle does not have");
                    }
                    continue;
                }
                // The hardware id must be the ECU's: an image for other hardware could brick it.
                if (!id.getValue().equals(ecu.hardwareId())) {
                    throw new AttackDetectedException(
                            Attack.ARBITRARY_SOFTWARE,
                            "director assigns hardware " + id.getValue() + " image to ECU " + ecu.serial() + " ("
                                    + ecu.hardwareId() + ")");
                }
                // Release counter never goes below what is installed (rollback protection); without one, a rollback
                // cannot be ruled out.
                long counter = t.getValue()
                        .releaseCounter()
                        .orElseThrow(() -> new AttackDetectedException(
                                Attack.ROLLBACK,
                                t.getKey() + " for ECU " + ecu.serial()
                                        + " carries no release counter in the director's metadata"));
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

    /**
     * Director and image repository agree on the image (Uptane 2.0 section 5.4.4.2 step 10.2.1): every hash
     * algorithm both list has the same value, and at least one of them is an algorithm this ECU can compute, so the
     * bytes are checked against a hash both repositories signed.
     */
    private static void requireSameHashes(String path, TargetFile image, TargetFile director) {
        boolean verifiable = false;
        for (var e : image.hashes().entrySet()) {
            String other = director.hashes().get(e.getKey());
            if (other == null) {
                continue;
            }
            if (!other.equalsIgnoreCase(e.getValue())) {
                throw new AttackDetectedException(
                        Attack.ARBITRARY_SOFTWARE,
                        path + ": director and image repository disagree on the " + e.getKey() + " hash");
            }
            verifiable |= Hashing.supported(e.getKey());
        }
        if (!verifiable) {
            throw new AttackDetectedException(
                    Attack.ARBITRARY_SOFTWARE,
                    path + ": director and image repository share no supported hash algorithm (director "
                            + director.hashes().keySet() + ", image repository "
                            + image.hashes().keySet() + ")");
        }
    }
}

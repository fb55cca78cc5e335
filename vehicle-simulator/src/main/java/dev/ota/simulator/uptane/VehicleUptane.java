package dev.ota.simulator.uptane;

import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.simulator.fleet.DeltaFault;
import dev.ota.simulator.fleet.Download;
import dev.ota.simulator.fleet.Ecu;
import dev.ota.simulator.fleet.InstalledImage;
import dev.ota.simulator.fleet.PlannedImage;
import dev.ota.simulator.fleet.SimulatorProperties;
import dev.ota.simulator.fleet.UpdateRefused;
import dev.ota.simulator.fleet.Uptane;
import dev.ota.simulator.fleet.Vehicle;
import dev.ota.simulator.fleet.VehicleCommand;
import dev.ota.uptane.client.AttackDetectedException;
import dev.ota.uptane.client.DirectoryTrustStore;
import dev.ota.uptane.client.HttpMetadataFetcher;
import dev.ota.uptane.client.Limits;
import dev.ota.uptane.client.MetadataFetcher;
import dev.ota.uptane.client.RepositoryClient;
import dev.ota.uptane.client.TargetVerification;
import dev.ota.uptane.client.TrustStore;
import dev.ota.uptane.client.TrustedRepository;
import dev.ota.uptane.client.UptaneVerifier;
import dev.ota.uptane.client.VerifiedImage;
import dev.ota.uptane.delta.DeltaInstall;
import dev.ota.uptane.delta.DeltaOffer;
import dev.ota.uptane.delta.DeltaRefusedException;
import dev.ota.uptane.json.MalformedMetadataException;
import dev.ota.uptane.manifest.EcuVersionReport;
import dev.ota.uptane.manifest.Manifests;
import dev.ota.uptane.manifest.VehicleVersionManifest;
import dev.ota.uptane.metadata.SignedDocument;
import dev.ota.uptane.metadata.TargetFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uptane as each simulated vehicle does it (Uptane Standard 2.0, section 5.4). The primary does full verification of
 * the whole bundle: the director's documents as relayed over MQTT, the image repository over HTTP, each director
 * target matched against the image repository. Then each secondary verifies its own image: fully (its own trusted
 * copies of both repositories) or partially (director targets only, against its own director root, which follows
 * the director's root rotations). Each vehicle and ECU keeps its trusted metadata between updates, and, with a trust
 * directory configured, across restarts ({@code <trust-directory>/<VIN>/<ECU serial>/<repository>/}), so replayed
 * or older metadata is refused even by a vehicle that was switched off in between.
 * Images are streamed through length and hash checks and never kept. Manifests carry one report per ECU, signed by
 * that ECU's key, with a fresh nonce, inside a manifest signed by the primary.
 */
final class VehicleUptane implements Uptane {

    private static final SecureRandom NONCES = new SecureRandom();
    private static final Logger log = LoggerFactory.getLogger(VehicleUptane.class);

    private final SimulatorProperties.Uptane settings;
    private final TrustAnchors anchors;
    private final HttpClient http;
    private final Clock clock;
    private final RepositoryRetry retry;
    private final SlotImages slots;
    private final Map<String, VehicleTrust> trust = new ConcurrentHashMap<>();

    /** Trusted state of one vehicle: the primary's, and each secondary's own. */
    private static final class VehicleTrust {
        @Nullable
        TrustedRepository director;

        @Nullable
        TrustedRepository image;

        /** Fully verifying secondaries: their own director and image repository state. */
        final Map<String, TrustedRepository[]> secondaries = new HashMap<>();
        /** Partially verifying secondaries: their own director root and last accepted director targets. */
        final Map<String, TrustedRepository> partialSecondaries = new HashMap<>();

        final Map<String, TargetFile> verifiedTargets = new HashMap<>();

        /** The image repository's (release-signed) entry of each ECU's verified image: what a delta must produce. */
        final Map<String, TargetFile> releasedTargets = new HashMap<>();
    }

    VehicleUptane(
            SimulatorProperties.Uptane settings, TrustAnchors anchors, HttpClient http, Clock clock, SlotImages slots) {
        this.settings = settings;
        this.slots = slots;
        this.anchors = anchors;
        this.http = http;
        this.clock = clock;
        this.retry = new RepositoryRetry(settings.repositoryRetries(), settings.repositoryBackoff());
    }

    @Override
    public List<PlannedImage> verify(
            Vehicle vehicle, VehicleCommand.Update update, VehicleCommand.@Nullable Assign assigned)
            throws UpdateRefused {
        if (!settings.enabled()) {
            return trustingly(vehicle, assigned);
        }
        TrustAnchors.Roots roots = anchors.roots()
                .orElseThrow(() -> new UpdateRefused(null, "no trusted roots were provisioned; installing nothing"));
        URI imageRepository = settings.imageRepositoryUrl();
        if (imageRepository == null) {
            throw new UpdateRefused(null, "no image repository configured; installing nothing");
        }
        Map<String, String> metadata = Attacker.tamperMetadata(vehicle, update.metadata());
        VehicleTrust state = trust.computeIfAbsent(vehicle.vin(), vin -> new VehicleTrust());
        try {
            return retry.run(() -> {
                try {
                    return verifyOnce(vehicle, assigned, roots, imageRepository, metadata, state);
                } catch (java.io.UncheckedIOException unreachable) {
                    throw new RepositoryRetry.RepositoryUnreachable("repository unreachable", unreachable);
                }
            });
        } catch (AttackDetectedException attack) {
            throw new UpdateRefused(
                    attack.attack().name(), Objects.requireNonNullElse(attack.getMessage(), "attack detected"));
        } catch (MalformedMetadataException malformed) {
            throw new UpdateRefused("ARBITRARY_SOFTWARE", "malformed metadata: " + malformed.getMessage());
        } catch (RepositoryRetry.RepositoryUnreachable unreachable) {
            throw new UpdateRefused(null, retry.gaveUp(unreachable));
        }
    }

    private List<PlannedImage> verifyOnce(
            Vehicle vehicle,
            VehicleCommand.@Nullable Assign assigned,
            TrustAnchors.Roots roots,
            URI imageRepository,
            Map<String, String> metadata,
            VehicleTrust state)
            throws UpdateRefused {
        synchronized (state) {
            if (state.director == null || state.image == null) {
                String primary = vehicle.primary().serial();
                state.director = trusted(DIRECTOR, roots.directorRoot(), vehicle, primary);
                state.image = trusted(IMAGE, roots.imageRoot(), vehicle, primary);
            }
            List<dev.ota.uptane.client.Ecu> ecus =
                    vehicle.ecus().stream().map(VehicleUptane::uptaneEcu).toList();
            Map<String, VerifiedImage> verified = UptaneVerifier.fullVerification(
                    new RepositoryClient(state.director, MetadataFetcher.of(metadata), Limits.DEFAULT),
                    new RepositoryClient(state.image, metadataFetcher(imageRepository), Limits.DEFAULT),
                    ecus);
            if (verified.isEmpty()) {
                throw new UpdateRefused(null, "the director lists no new image for this vehicle");
            }
            List<PlannedImage> plan = new ArrayList<>();
            for (Ecu ecu : vehicle.ecus()) {
                VerifiedImage image = verified.get(ecu.serial());
                if (image == null) {
                    continue;
                }
                if (!ecu.primary()) {
                    verifyOnSecondary(state, roots, metadata, imageRepository, vehicle, ecu);
                }
                state.verifiedTargets.put(ecu.serial(), image.directorTarget());
                TargetFile released = image.imageRepositoryTarget();
                if (released != null) {
                    state.releasedTargets.put(ecu.serial(), released);
                }
                plan.add(new PlannedImage(ecu, installable(image, assigned), signedConditions(image.directorTarget())));
            }
            return plan;
        }
    }

    /** Uptane 2.0 section 5.4.4: each secondary checks again what the primary passed on, with its own trust. */
    private void verifyOnSecondary(
            VehicleTrust state,
            TrustAnchors.Roots roots,
            Map<String, String> metadata,
            URI imageRepository,
            Vehicle vehicle,
            Ecu ecu) {
        if (ecu.fullVerification()) {
            TrustedRepository[] own =
                    state.secondaries.computeIfAbsent(ecu.serial(), serial -> new TrustedRepository[] {
                        trusted(DIRECTOR, roots.directorRoot(), vehicle, serial),
                        trusted(IMAGE, roots.imageRoot(), vehicle, serial)
                    });
            UptaneVerifier.fullVerificationOnSecondary(
                    new RepositoryClient(own[0], MetadataFetcher.of(metadata), Limits.DEFAULT),
                    new RepositoryClient(own[1], metadataFetcher(imageRepository), Limits.DEFAULT),
                    uptaneEcu(ecu));
            return;
        }
        TrustedRepository ownDirector = state.partialSecondaries.computeIfAbsent(
                ecu.serial(), serial -> trusted(DIRECTOR, roots.directorRoot(), vehicle, serial));
        UptaneVerifier.partialVerification(
                new RepositoryClient(ownDirector, MetadataFetcher.of(metadata), Limits.DEFAULT),
                directorTargets(metadata).getBytes(StandardCharsets.UTF_8),
                uptaneEcu(ecu));
    }

    private static final String DIRECTOR = "director";
    private static final String IMAGE = "image";

    /**
     * One ECU's trusted state of one repository: from its directory under the trust directory when one is set (what
     * it accepted before a restart), else from the shipped root alone.
     */
    private TrustedRepository trusted(String repository, byte[] shippedRoot, Vehicle vehicle, String ecuSerial) {
        Path base = settings.trustDirectory();
        TrustStore store = base == null
                ? TrustStore.inMemory()
                : new DirectoryTrustStore(base.resolve(pathSafe(vehicle.vin()))
                        .resolve(pathSafe(ecuSerial))
                        .resolve(repository));
        return new TrustedRepository(repository + " (" + ecuSerial + ")", shippedRoot, clock, store);
    }

    private static String pathSafe(String name) {
        return name.replaceAll("[^A-Za-z0-9-]", "_");
    }

    private static String directorTargets(Map<String, String> metadata) {
        String best = null;
        long bestVersion = -1;
        for (var entry : metadata.entrySet()) {
            String name = entry.getKey();
            if (name.equals("targets.json") && best == null) {
                best = entry.getValue();
            } else if (name.endsWith(".targets.json")) {
                long version = Long.parseLong(name.substring(0, name.indexOf('.')));
                if (version > bestVersion) {
                    bestVersion = version;
                    best = entry.getValue();
                }
            }
        }
        if (best == null) {
            throw new AttackDetectedException(
                    dev.ota.uptane.client.Attack.PARTIAL_BUNDLE, "no director targets metadata in the update");
        }
        return best;
    }

    /** The install conditions the director signed into a target; a malformed entry refuses the update. */
    private static @Nullable InstallConditions signedConditions(TargetFile directorTarget) throws UpdateRefused {
        Object signed = directorTarget.custom().get(InstallConditions.METADATA_KEY);
        if (signed == null) {
            return null;
        }
        if (!(signed instanceof Map<?, ?> conditions)) {
            throw new UpdateRefused(null, "the director's install conditions are not an object");
        }
        try {
            return InstallConditions.fromMetadata(conditions);
        } catch (MalformedEventException malformed) {
            throw new UpdateRefused(null, Objects.requireNonNullElse(malformed.getMessage(), "malformed"));
        }
    }

    private static InstalledImage installable(VerifiedImage image, VehicleCommand.@Nullable Assign assigned) {
        TargetFile target = image.directorTarget();
        String path = image.targetPath();
        String version = versionOf(path, target, assigned);
        String name = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : path;
        return new InstalledImage(
                name, version, path, target.releaseCounter().orElse(0), target.length(), target.hashes());
    }

    private static String versionOf(String path, TargetFile target, VehicleCommand.@Nullable Assign assigned) {
        Object custom = target.custom().get("version");
        if (custom instanceof String version) {
            return version;
        }
        if (assigned != null) {
            for (EcuTarget t : assigned.targets()) {
                if (t.targetPath().equals(path)) {
                    return t.version();
                }
            }
        }
        return versionInPath(path);
    }

    /** The signing service's target path convention {@code name/name-version.bin}; else the path itself. */
    static String versionInPath(String path) {
        int slash = path.lastIndexOf('/');
        if (slash > 0) {
            String name = path.substring(0, slash);
            String file = path.substring(slash + 1);
            if (file.startsWith(name + "-") && file.endsWith(".bin") && file.length() > name.length() + 5) {
                return file.substring(name.length() + 1, file.length() - 4);
            }
        }
        return path;
    }

    @Override
    public Download download(Vehicle vehicle, PlannedImage planned, boolean corruptInTransit, DeltaFault deltaFault)
            throws UpdateRefused {
        long length = planned.image().length();
        if (!settings.enabled()) {
            if (corruptInTransit) {
                throw new UpdateRefused(null, "image does not match the signed hash");
            }
            return new Download(length, length, null, null);
        }
        VehicleTrust state = trust.get(vehicle.vin());
        TargetFile target =
                state == null ? null : state.verifiedTargets.get(planned.ecu().serial());
        URI imageRepository = settings.imageRepositoryUrl();
        if (state == null || target == null || imageRepository == null) {
            throw new UpdateRefused(null, "image " + planned.image().targetPath() + " was never verified");
        }
        String refused = null;
        TargetFile released = state.releasedTargets.get(planned.ecu().serial());
        if (settings.deltas() && released != null) {
            try {
                Download viaDelta = viaDelta(vehicle, state, planned, target, released, deltaFault, imageRepository);
                if (viaDelta != null) {
                    return viaDelta;
                }
            } catch (DeltaRefusedException e) {
                refused = e.getMessage();
            } catch (IOException | RuntimeException e) {
                refused = "delta not usable: " + e.getMessage();
            }
            if (refused != null) {
                log.info(
                        "{} {}: {}; downloading the full image",
                        vehicle.vin(),
                        planned.ecu().serial(),
                        refused);
            }
        }
        full(vehicle, planned, target, corruptInTransit, imageRepository);
        return new Download(target.length(), target.length(), null, refused);
    }

    /**
     * The update through the delta the director offered this ECU in its signed target (docs/deltas.md): taken from the
     * image repository by the TUF search (its entry must be the one offered), checked and applied by {@link
     * DeltaInstall}, kept as the slot's bytes.
     *
     * @return null when the director offered no delta, the image repository no longer lists it, or the installed bytes
     *     are not at hand
     */
    private @Nullable Download viaDelta(
            Vehicle vehicle,
            VehicleTrust state,
            PlannedImage planned,
            TargetFile directorTarget,
            TargetFile released,
            DeltaFault fault,
            URI imageRepository)
            throws IOException {
        String installedSha256 = planned.ecu().installed().hashes().get("sha256");
        byte[] installed =
                installedSha256 == null ? null : slots.read(installedSha256).orElse(null);
        if (installedSha256 == null || installed == null) {
            return null;
        }
        DeltaOffer offer =
                DeltaOffer.forEcu(directorTarget, planned.ecu().serial()).orElse(null);
        if (offer == null) {
            return null;
        }
        String releasePath = planned.image().targetPath();
        RepositoryClient.ResolvedTarget delta;
        synchronized (state) {
            delta = DeltaInstall.findOffered(
                            new RepositoryClient(
                                    Objects.requireNonNull(state.image),
                                    metadataFetcher(imageRepository),
                                    Limits.DEFAULT),
                            offer)
                    .orElse(null);
        }
        if (delta == null) {
            return null;
        }
        if (fault == DeltaFault.WRONG_BASE) {
            installed = installed.clone();
            installed[installed.length / 2] ^= 0x01; // the slot drifted from what the ECU reports
        }
        String path = targetsPath(delta.path(), delta.file());
        var result = new java.io.ByteArrayOutputStream();
        try (InputStream served = imageFetcher(imageRepository).open(path)) {
            if (served == null) {
                throw new IOException("the image repository does not serve " + path);
            }
            InputStream in = Attacker.tamperImage(vehicle, served);
            if (fault == DeltaFault.CORRUPT_DELTA) {
                in = Attacker.flipping(in);
            }
            DeltaInstall.applyVerified(delta.file(), releasePath, released, installed, in, result);
        }
        String sha256 = released.hashes().get("sha256");
        if (sha256 != null) {
            slots.keep(sha256, result.toByteArray());
        }
        return new Download(delta.file().length(), released.length(), delta.path(), null);
    }

    /** The whole image, streamed through its length and hash checks into the slot's bytes. */
    private void full(
            Vehicle vehicle, PlannedImage planned, TargetFile target, boolean corruptInTransit, URI imageRepository)
            throws UpdateRefused {
        String path = targetsPath(planned.image().targetPath(), target);
        try {
            retry.run(() -> {
                SlotImages.Sink sink = null;
                try (InputStream served = imageFetcher(imageRepository).open(path)) {
                    if (served == null) {
                        throw new UpdateRefused(null, "the image repository does not serve " + path);
                    }
                    InputStream in = Attacker.tamperImage(vehicle, served);
                    if (corruptInTransit) {
                        in = Attacker.flipping(in);
                    }
                    String sha256 = target.hashes().getOrDefault("sha256", "");
                    if (!settings.deltas() || slots.has(sha256)) {
                        // kept already (a fleet shares its images), or never needed: checked, not written again
                        TargetVerification.copyVerified(in, target, OutputStream.nullOutputStream());
                        return path;
                    }
                    sink = slots.sink(sha256);
                    TargetVerification.copyVerified(in, target, sink);
                    sink.keep();
                    return path;
                } catch (IOException unreachable) {
                    throw new RepositoryRetry.RepositoryUnreachable("image download failed", unreachable);
                } finally {
                    if (sink != null) {
                        sink.discard();
                    }
                }
            });
        } catch (AttackDetectedException attack) {
            throw new UpdateRefused(
                    attack.attack().name(), Objects.requireNonNullElse(attack.getMessage(), "attack detected"));
        } catch (RepositoryRetry.RepositoryUnreachable unreachable) {
            throw new UpdateRefused(null, retry.gaveUp(unreachable));
        }
    }

    /** TUF 1.0 section 5.7.3: with consistent snapshots an image is fetched as {@code dir/HASH.name}. */
    private String targetsPath(String targetPath, TargetFile target) {
        String sha256 = target.hashes().getOrDefault("sha256", "");
        int slash = targetPath.lastIndexOf('/');
        String dir = slash < 0 ? "" : targetPath.substring(0, slash + 1);
        String name = targetPath.substring(slash + 1);
        return settings.targetsPath()
                .replace("{path}", targetPath)
                .replace("{dir}", dir)
                .replace("{name}", name)
                .replace("{sha256}", sha256);
    }

    @Override
    public String manifest(Vehicle vehicle, List<String> attacksDetected) {
        Map<String, SignedDocument<EcuVersionReport>> reports = new LinkedHashMap<>();
        synchronized (vehicle) {
            for (Ecu ecu : vehicle.ecus()) {
                InstalledImage installed = ecu.installed();
                EcuVersionReport report = new EcuVersionReport(
                        ecu.serial(),
                        ecu.hardwareId(),
                        installed.targetPath(),
                        installed.length(),
                        installed.hashes(),
                        installed.releaseCounter(),
                        ecu.primary() ? attacksDetected : List.of(),
                        nonce(),
                        clock.instant());
                reports.put(ecu.serial(), Manifests.signReport(report, ecu.key()));
            }
        }
        VehicleVersionManifest manifest =
                new VehicleVersionManifest(vehicle.vin(), vehicle.primary().serial(), clock.instant(), reports);
        return Manifests.signManifest(manifest, vehicle.primary().key()).toJson();
    }

    private List<PlannedImage> trustingly(Vehicle vehicle, VehicleCommand.@Nullable Assign assigned)
            throws UpdateRefused {
        if (assigned == null) {
            throw new UpdateRefused(null, "no assignment known for this update");
        }
        List<PlannedImage> plan = new ArrayList<>();
        for (EcuTarget target : assigned.targets()) {
            for (Ecu ecu : vehicle.ecus()) {
                if (ecu.serial().equals(target.ecuSerial())
                        || (ecu.hardwareId().equals(target.hardwareId())
                                && assigned.targets().stream()
                                        .noneMatch(t -> t.ecuSerial().equals(ecu.serial())))) {
                    plan.add(new PlannedImage(
                            ecu,
                            new InstalledImage(
                                    target.imageName(),
                                    target.version(),
                                    target.targetPath(),
                                    target.releaseCounter(),
                                    target.length(),
                                    target.hashes())));
                    break;
                }
            }
        }
        if (plan.isEmpty()) {
            throw new UpdateRefused(null, "the assignment lists no image for this vehicle's ECUs");
        }
        return plan;
    }

    /** The image repository's metadata files, under {@code metadata-path} of its base (TUF HTTP layout). */
    private HttpMetadataFetcher metadataFetcher(URI imageRepository) {
        return new HttpMetadataFetcher(http, imageRepository.resolve(settings.metadataPath()), Duration.ofSeconds(30));
    }

    private HttpMetadataFetcher imageFetcher(URI imageRepository) {
        return new HttpMetadataFetcher(http, imageRepository, Duration.ofSeconds(30));
    }

    private static dev.ota.uptane.client.Ecu uptaneEcu(Ecu ecu) {
        return new dev.ota.uptane.client.Ecu(
                ecu.serial(), ecu.hardwareId(), ecu.installed().releaseCounter());
    }

    private static String nonce() {
        byte[] bytes = new byte[16];
        NONCES.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

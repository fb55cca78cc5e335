package dev.ota.signing.imagerepo;

import dev.ota.contracts.events.ImageRevoked;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.platform.outbox.Outbox;
import dev.ota.signing.keys.OnlineKeys;
import dev.ota.signing.keys.OnlineRole;
import dev.ota.signing.tuf.MetadataStore;
import dev.ota.signing.tuf.TrustImport;
import dev.ota.signing.tuf.TrustProperties;
import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.json.CanonicalJson;
import dev.ota.uptane.metadata.DelegatedRole;
import dev.ota.uptane.metadata.Delegations;
import dev.ota.uptane.metadata.MetaFile;
import dev.ota.uptane.metadata.RoleMetadata;
import dev.ota.uptane.metadata.SignedDocument;
import dev.ota.uptane.metadata.Snapshot;
import dev.ota.uptane.metadata.TargetFile;
import dev.ota.uptane.metadata.Targets;
import dev.ota.uptane.metadata.Timestamp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * The image repository's online side: staging roles signed by CI, the release role completed with a release
 * engineer's co-signature, revocation, and snapshot and timestamp kept fresh. Every change re-signs the changed role,
 * then snapshot and timestamp, under a per-repository lock, in the transaction that writes the outbox event.
 */
@Service
public class ImageRepository {

    private static final Logger log = LoggerFactory.getLogger(ImageRepository.class);
    private static final String REPO = MetadataStore.IMAGE;
    public static final String RELEASE = "release";
    public static final String CI = "ci";
    /** The role listing deltas (docs/deltas.md); top-level targets delegates it before release, to an online key. */
    public static final String DELTAS = "deltas";

    private final MetadataStore store;
    private final ImageCatalog catalog;
    private final OnlineKeys keys;
    private final Outbox outbox;
    private final ImageRepositoryProperties properties;
    private final DeltaCatalog deltas;
    private final ImageSignatures signatures;
    private final Clock clock = Clock.systemUTC();

    ImageRepository(
            MetadataStore store,
            ImageCatalog catalog,
            OnlineKeys keys,
            Outbox outbox,
            ImageRepositoryProperties properties,
            DeltaCatalog deltas,
            ImageSignatures signatures,
            TrustImport trust,
            TrustProperties trustProperties,
            TransactionTemplate transactions) {
        this.store = store;
        this.catalog = catalog;
        this.keys = keys;
        this.outbox = outbox;
        this.properties = properties;
        this.deltas = deltas;
        this.signatures = signatures;
        transactions.executeWithoutResult(tx -> initialize(trustProperties.dir()));
    }

    /** Creates what is missing: staging role, the first release role (co-signed at the ceremony), snapshot. */
    private void initialize(Path trustDir) {
        store.lock(REPO);
        if (store.latest(REPO, "targets").isEmpty()) {
            log.warn("image repository has no top-level targets yet: import a ceremony output");
            return;
        }
        boolean changed = false;
        if (store.latest(REPO, CI).isEmpty()) {
            signStaging(CI, Map.of(), 1);
            changed = true;
        }
        for (String supplier : heldSupplierRoles().keySet()) {
            if (store.latest(REPO, supplier).isEmpty()) {
                signStaging(supplier, Map.of(), 1);
                changed = true;
            }
        }
        if (publishesDeltas() && store.latest(REPO, DELTAS).isEmpty()) {
            // delegated by top-level targets: a client searching a delta path must find the role, even empty
            signDeltas();
            changed = true;
        }
        if (store.latest(REPO, RELEASE).isEmpty()) {
            Path release = trustDir.resolve("image/release.json");
            if (Files.exists(release)) {
                try {
                    var doc = SignedDocument.parse(Files.readAllBytes(release), Targets::fromJson);
                    storeRelease(doc.withSignatureBy(keys.signer(OnlineRole.CI)));
                    changed = true;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else {
                log.warn("no co-signed release role yet: vehicles will not find any image until one is imported");
            }
        }
        if (changed || store.latest(REPO, "timestamp").isEmpty()) {
            publishSnapshotAndTimestamp();
        }
    }

    /** Publishes a new snapshot and timestamp (after new top-level targets were imported). */
    @Transactional
    public void republish() {
        store.lock(REPO);
        publishSnapshotAndTimestamp();
    }

    /** Stages an uploaded image: signed into its staging role by CI, not yet visible to vehicles. */
    @Transactional
    public ImageRecord stage(ImageRecord image) {
        store.lock(REPO);
        catalog.insert(image);
        var staging = currentTargets(image.stagingRole());
        var targets = new LinkedHashMap<>(staging.targets());
        targets.put(image.targetPath(), image.targetFile());
        String stagingKey = signStaging(image.stagingRole(), targets, staging.version() + 1);
        signatures.record(
                image.name(),
                image.version(),
                new ImageSignature(
                        image.stagingRole(),
                        ImageSignature.Action.STAGED,
                        image.uploadedBy(),
                        stagingKey,
                        clock.instant()));
        publishSnapshotAndTimestamp();
        outbox.publish(imageSigned(image, image.stagingRole()));
        return image;
    }

    private ImageSigned imageSigned(ImageRecord image, String role) {
        return new ImageSigned(
                UUID.randomUUID(),
                clock.instant(),
                image.name(),
                image.version(),
                image.hardwareIds(),
                image.releaseCounter(),
                image.length(),
                image.hashes(),
                image.targetPath(),
                role,
                image.custom());
    }

    /**
     * The next release role document with this image added (or removed), for a release engineer to sign offline.
     * Its expiry is one year, rounded to the day.
     */
    @Transactional(readOnly = true)
    public Targets releaseCandidate(String name, String version, boolean remove) {
        ImageRecord image = catalog.find(name, version)
                .orElseThrow(
                        () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no image " + name + " " + version));
        var current = currentTargets(RELEASE);
        var targets = new LinkedHashMap<>(current.targets());
        if (remove) {
            targets.remove(image.targetPath());
        } else {
            if (image.status() == ImageRecord.Status.REVOKED) {
                throw new RepositoryConflict("image " + name + " " + version + " is revoked");
            }
            targets.put(image.targetPath(), image.targetFile());
        }
        Instant expires = clock.instant().plus(Duration.ofDays(366)).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        return new Targets(current.version() + 1, expires, targets, null);
    }

    /**
     * Completes a release: the document must be exactly the current release role plus this image, signed by a
     * release engineer's key listed in the release delegation; the service adds the CI key's signature, which makes
     * the threshold of two, and publishes.
     */
    @Transactional
    public long coSign(String name, String version, byte[] coSigned, String releaseEngineer) {
        store.lock(REPO);
        ImageRecord image = catalog.find(name, version)
                .orElseThrow(
                        () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no image " + name + " " + version));
        if (image.status() == ImageRecord.Status.REVOKED) {
            throw new RepositoryConflict("image " + name + " " + version + " is revoked");
        }
        if (image.status() == ImageRecord.Status.RELEASED) {
            return currentTargets(RELEASE).version();
        }
        var doc = parseCoSigned(coSigned);
        var expected = new LinkedHashMap<>(currentTargets(RELEASE).targets());
        expected.put(image.targetPath(), image.targetFile());
        Set<String> engineerKeys = requireReleaseChange(doc, expected);
        long newVersion = storeRelease(doc.withSignatureBy(keys.signer(OnlineRole.CI)));
        catalog.markReleased(name, version, releaseEngineer);
        recordReleaseSignatures(name, version, ImageSignature.Action.RELEASED, releaseEngineer, engineerKeys);
        publishSnapshotAndTimestamp();
        outbox.publish(imageSigned(image, RELEASE));
        return newVersion;
    }

    /**
     * Revokes an image: removed from its staging role at once and never assigned again; if it was released, the
     * release engineer's co-signed removal from the release role is required too.
     */
    @Transactional
    public ImageRevoked revoke(
            String name,
            String version,
            String reason,
            String actor,
            byte @org.jspecify.annotations.Nullable [] coSignedRemoval) {
        store.lock(REPO);
        ImageRecord image = catalog.find(name, version)
                .orElseThrow(
                        () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no image " + name + " " + version));
        if (image.status() == ImageRecord.Status.REVOKED) {
            throw new RepositoryConflict("image " + name + " " + version + " is already revoked");
        }
        if (image.status() == ImageRecord.Status.RELEASED) {
            if (coSignedRemoval == null) {
                throw new RepositoryConflict(
                        "image is released: removing it from the release role needs a release"
                                + " engineer's co-signature (GET .../release-candidate?action=remove, sign, send as 'release')");
            }
            var doc = parseCoSigned(coSignedRemoval);
            var expected = new LinkedHashMap<>(currentTargets(RELEASE).targets());
            expected.remove(image.targetPath());
            Set<String> engineerKeys = requireReleaseChange(doc, expected);
            storeRelease(doc.withSignatureBy(keys.signer(OnlineRole.CI)));
            recordReleaseSignatures(name, version, ImageSignature.Action.REVOKED, actor, engineerKeys);
        }
        var staging = currentTargets(image.stagingRole());
        var targets = new LinkedHashMap<>(staging.targets());
        targets.remove(image.targetPath());
        signStaging(image.stagingRole(), targets, staging.version() + 1);
        catalog.markRevoked(name, version, actor, reason);
        if (store.latest(REPO, DELTAS).isPresent()) {
            signDeltas(); // deltas from or to the revoked image are no longer listed
        }
        publishSnapshotAndTimestamp();
        var event =
                new ImageRevoked(UUID.randomUUID(), clock.instant(), name, version, image.targetPath(), reason, actor);
        outbox.publish(event);
        return event;
    }

    /** The engineer's signatures on the release role document, then the service's own that completes the threshold. */
    private void recordReleaseSignatures(
            String name, String version, ImageSignature.Action action, String engineer, Set<String> engineerKeys) {
        Instant now = clock.instant();
        engineerKeys.stream()
                .sorted()
                .forEach(key ->
                        signatures.record(name, version, new ImageSignature(RELEASE, action, engineer, key, now)));
        signatures.record(
                name,
                version,
                new ImageSignature(
                        RELEASE,
                        action,
                        ImageSignature.SERVICE,
                        keys.signer(OnlineRole.CI).keyId(),
                        now));
    }

    private static SignedDocument<Targets> parseCoSigned(byte[] json) {
        try {
            return SignedDocument.parse(json, Targets::fromJson);
        } catch (RuntimeException e) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "not a signed targets document: " + e.getMessage());
        }
    }

    /** Checks the co-signed change; answers the key ids of the release engineer keys that validly signed it. */
    private Set<String> requireReleaseChange(SignedDocument<Targets> doc, Map<String, TargetFile> expected) {
        long current = currentTargets(RELEASE).version();
        if (doc.body().version() != current + 1) {
            throw new RepositoryConflict(
                    "release role is now at version " + current + ": fetch a new candidate and sign it");
        }
        if (!CanonicalJson.encodeToString(asJson(doc.body().targets()))
                .equals(CanonicalJson.encodeToString(asJson(expected)))) {
            throw new RepositoryConflict("the signed release does not match the current release plus this change");
        }
        if (doc.body().delegations() != null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the release role must not delegate");
        }
        Instant now = clock.instant();
        if (doc.body().expires().isBefore(now.plus(Duration.ofDays(7)))
                || doc.body().expires().isAfter(now.plus(Duration.ofDays(400)))) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "release expiry must be between 7 and 400 days ahead");
        }
        DelegatedRole release = releaseDelegation();
        String ciKey = keys.signer(OnlineRole.CI).keyId();
        var delegationKeys = topLevelDelegations().keys();
        Set<String> engineerKeys = doc.validSignerIds(release.roleKeys(), delegationKeys).stream()
                .filter(id -> !id.equals(ciKey))
                .collect(Collectors.toSet());
        if (engineerKeys.isEmpty()) {
            throw new ResponseStatusException(
                    HttpStatus.FORBIDDEN, "no valid signature by a release engineer key of the release delegation");
        }
        return engineerKeys;
    }

    private static Map<String, Object> asJson(Map<String, TargetFile> targets) {
        var out = new HashMap<String, Object>();
        targets.forEach((k, v) -> out.put(k, v.toJsonValue()));
        return out;
    }

    private long storeRelease(SignedDocument<Targets> doc) {
        DelegatedRole release = releaseDelegation();
        // TUF 1.0 section 5.6.3 as a client will check it: a threshold of the release delegation's keys.
        if (!doc.meetsThreshold(release.roleKeys(), topLevelDelegations().keys())) {
            throw new ResponseStatusException(
                    HttpStatus.FORBIDDEN, "release role does not meet its threshold of " + release.threshold());
        }
        store.save(REPO, RELEASE, doc.body().version(), doc.body().expires(), doc.toJson());
        return doc.body().version();
    }

    private Targets topLevelTargets() {
        return SignedDocument.parse(store.latest(REPO, "targets").orElseThrow().document(), Targets::fromJson)
                .body();
    }

    private Delegations topLevelDelegations() {
        var delegations = topLevelTargets().delegations();
        if (delegations == null) {
            throw new IllegalStateException("top-level targets delegates nothing");
        }
        return delegations;
    }

    private DelegatedRole releaseDelegation() {
        return topLevelDelegations().roles().stream()
                .filter(r -> r.name().equals(RELEASE))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("top-level targets has no release delegation"));
    }

    /**
     * The staging role an upload goes to: the first supplier delegation of top-level targets whose path patterns
     * cover it and whose key this service holds, else ci.
     */
    public String stagingRoleFor(String targetPath) {
        var held = heldSupplierRoles();
        var delegations = topLevelTargets().delegations();
        if (delegations != null) {
            for (DelegatedRole role : delegations.roles()) {
                if (held.containsKey(role.name()) && role.covers(targetPath)) {
                    return role.name();
                }
            }
        }
        return CI;
    }

    /** Supplier roles delegated by top-level targets to a key this service holds. */
    private Map<String, Signer> heldSupplierRoles() {
        var out = new LinkedHashMap<String, Signer>();
        var delegations = topLevelTargets().delegations();
        if (delegations == null) {
            return out;
        }
        keys.suppliers()
                .forEach((name, signer) -> delegations.roles().stream()
                        .filter(r -> r.name().equals(name) && r.keyIds().contains(signer.keyId()))
                        .findFirst()
                        .ifPresent(r -> out.put(name, signer)));
        return out;
    }

    private Targets currentTargets(String role) {
        return store.latest(REPO, role)
                .map(s -> SignedDocument.parse(s.document(), Targets::fromJson).body())
                .orElseGet(() -> new Targets(0, clock.instant(), Map.of(), null));
    }

    /** Signs a staging role; answers the key id it was signed with. */
    private String signStaging(String role, Map<String, TargetFile> targets, long version) {
        Signer ci = role.equals(CI)
                ? keys.signer(OnlineRole.CI)
                : Objects.requireNonNull(heldSupplierRoles().get(role), "a supplier role whose key is held here");
        var body = new Targets(version, clock.instant().plus(properties.stagingLifetime()), targets, null);
        var doc = SignedDocument.sign(body, ci);
        store.save(REPO, role, version, body.expires(), doc.toJson());
        return ci.keyId();
    }

    /**
     * Whether this repository publishes deltas: top-level targets delegates the {@code deltas} role to the key this
     * service holds for it (a ceremony made before deltas existed does not, and then none are made).
     */
    public boolean publishesDeltas() {
        if (store.latest(REPO, "targets").isEmpty()) {
            return false;
        }
        var delegations = topLevelTargets().delegations();
        String key = keys.signer(OnlineRole.IMAGE_DELTAS).keyId();
        return delegations != null
                && delegations.roles().stream()
                        .anyMatch(r -> r.name().equals(DELTAS) && r.keyIds().contains(key));
    }

    /**
     * Lists newly made deltas (their blobs are stored already) and records that the release's deltas are done: the
     * deltas role, snapshot and timestamp are signed again when any was made.
     */
    @Transactional
    void publishDeltas(String name, String version, java.util.List<DeltaCatalog.StoredDelta> made) {
        store.lock(REPO);
        made.forEach(deltas::insert);
        deltas.markDeltasMade(name, version);
        if (!made.isEmpty() && publishesDeltas()) {
            signDeltas();
            publishSnapshotAndTimestamp();
        }
    }

    /** The deltas role: every stored delta whose base and result are both released, signed by the deltas key. */
    private void signDeltas() {
        long version = currentTargets(DELTAS).version() + 1;
        var body = new Targets(version, clock.instant().plus(properties.stagingLifetime()), deltas.publishable(), null);
        var doc = SignedDocument.sign(body, keys.signer(OnlineRole.IMAGE_DELTAS));
        store.save(REPO, DELTAS, version, body.expires(), doc.toJson());
    }

    /** TUF 1.0 sections 4.4 and 4.6: a new snapshot listing every targets role, then a timestamp pointing to it. */
    private void publishSnapshotAndTimestamp() {
        var meta = new LinkedHashMap<String, MetaFile>();
        for (var stored : store.latestOfEachRole(REPO)) {
            String role = stored.role();
            if (!role.equals("root") && !role.equals("snapshot") && !role.equals("timestamp")) {
                meta.put(role + ".json", MetaFile.of(stored.version()));
            }
        }
        long version = store.latest(REPO, "snapshot")
                        .map(MetadataStore.Stored::version)
                        .orElse(0L)
                + 1;
        var snapshot = new Snapshot(version, clock.instant().plus(properties.snapshotLifetime()), meta);
        var doc = SignedDocument.sign(snapshot, keys.signer(OnlineRole.IMAGE_SNAPSHOT));
        byte[] bytes = doc.toBytes();
        store.save(REPO, "snapshot", version, snapshot.expires(), new String(bytes, StandardCharsets.UTF_8));
        publishTimestamp(new MetaFile(version, (long) bytes.length, Map.of("sha256", Hashing.sha256Hex(bytes))));
    }

    private void publishTimestamp(MetaFile snapshot) {
        long version = store.latest(REPO, "timestamp")
                        .map(MetadataStore.Stored::version)
                        .orElse(0L)
                + 1;
        var timestamp = new Timestamp(version, clock.instant().plus(properties.timestampLifetime()), snapshot);
        var doc = SignedDocument.sign(timestamp, keys.signer(OnlineRole.IMAGE_TIMESTAMP));
        store.save(REPO, "timestamp", version, timestamp.expires(), doc.toJson());
    }

    /**
     * Re-signs online metadata before it expires (a client treats expired metadata as a freeze attack): staging
     * roles, snapshot and timestamp, each when less than half its lifetime is left.
     */
    @Scheduled(
            fixedDelayString = "${ota.signing.image.refresh-check:PT1M}",
            initialDelayString = "${ota.signing.image.refresh-check:PT1M}")
    @Transactional
    public void refreshExpiring() {
        store.lock(REPO);
        Instant now = clock.instant();
        boolean snapshotNeeded = false;
        var stagingRoles = new java.util.ArrayList<String>(heldSupplierRoles().keySet());
        stagingRoles.add(CI);
        for (String role : stagingRoles) {
            var staging = store.latest(REPO, role);
            if (staging.isPresent() && expiresSoon(staging.get(), properties.stagingLifetime(), now)) {
                Targets t = currentTargets(role);
                signStaging(role, t.targets(), t.version() + 1);
                snapshotNeeded = true;
            }
        }
        var deltasRole = store.latest(REPO, DELTAS);
        if (deltasRole.isPresent() && expiresSoon(deltasRole.get(), properties.stagingLifetime(), now)) {
            signDeltas();
            snapshotNeeded = true;
        }
        Optional<MetadataStore.Stored> snapshot = store.latest(REPO, "snapshot");
        if (snapshot.isEmpty()) {
            return;
        }
        if (snapshotNeeded || expiresSoon(snapshot.get(), properties.snapshotLifetime(), now)) {
            publishSnapshotAndTimestamp();
            log.info("re-signed image snapshot and timestamp before expiry");
            return;
        }
        var timestamp = store.latest(REPO, "timestamp").orElseThrow();
        if (expiresSoon(timestamp, properties.timestampLifetime(), now)) {
            var current = SignedDocument.parse(timestamp.document(), Timestamp::fromJson)
                    .body();
            publishTimestamp(current.snapshot());
            log.info("re-signed image timestamp before expiry");
        }
        var release = store.latest(REPO, RELEASE);
        if (release.isPresent() && release.get().expires().isBefore(now.plus(Duration.ofDays(30)))) {
            log.warn(
                    "the release role expires at {}: a release engineer must co-sign a renewal",
                    release.get().expires());
        }
    }

    private static boolean expiresSoon(MetadataStore.Stored stored, Duration lifetime, Instant now) {
        return stored.expires().isBefore(now.plus(lifetime.dividedBy(2)));
    }

    /** Current formatted expiry of a role, for status pages. */
    static String expiry(RoleMetadata m) {
        return RoleMetadata.formatExpires(m.expires());
    }
}

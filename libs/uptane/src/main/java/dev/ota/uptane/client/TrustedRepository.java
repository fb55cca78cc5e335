package dev.ota.uptane.client;

import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.crypto.TufKey;
import dev.ota.uptane.metadata.DelegatedRole;
import dev.ota.uptane.metadata.MetaFile;
import dev.ota.uptane.metadata.RoleKeys;
import dev.ota.uptane.metadata.RoleMetadata;
import dev.ota.uptane.metadata.RoleType;
import dev.ota.uptane.metadata.Root;
import dev.ota.uptane.metadata.SignedDocument;
import dev.ota.uptane.metadata.Snapshot;
import dev.ota.uptane.metadata.Targets;
import dev.ota.uptane.metadata.Timestamp;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The trusted metadata of one repository and the checks of the TUF 1.0 detailed client workflow (section 5) that
 * decide whether a newly downloaded file may replace it. It is fed bytes and never downloads ({@link
 * RepositoryClient} does); what it accepts it writes to its {@link TrustStore}. Every refusal is an {@link
 * AttackDetectedException} naming the attack.
 *
 * <p>Not thread-safe: one instance per client and repository.
 */
public final class TrustedRepository {

    private static final String ROOT_FILE = "root.json";
    private static final String TIMESTAMP_FILE = "timestamp.json";
    private static final String SNAPSHOT_FILE = "snapshot.json";
    private static final String TARGETS_FILE = "targets.json";

    private final String name;
    private final Clock clock;
    private Instant referenceTime;
    private SignedDocument<Root> root;
    private @Nullable SignedDocument<Timestamp> timestamp;
    private @Nullable SignedDocument<Snapshot> snapshot;
    private final Map<String, SignedDocument<Targets>> targets = new HashMap<>();
    private final TrustStore store;
    /** The last accepted top-level targets: kept across refreshes (and restarts) as the rollback anchor. */
    private @Nullable SignedDocument<Targets> lastTargets;

    /**
     * TUF 1.0 section 5.2: load the trusted root, delivered out of band (shipped with the vehicle). It must be signed
     * by a threshold of its own root keys. Its expiry is checked only after rotation (section 5.3.10). Nothing is
     * persisted.
     */
    public TrustedRepository(String name, byte[] trustedRoot, Clock clock) {
        this(name, trustedRoot, clock, TrustStore.inMemory());
    }

    /**
     * Loads the trusted metadata persisted in {@code store} by earlier runs (TUF 1.0 sections 5.2, 5.3.8, 5.4.5, 5.5.7,
     * 5.6.6), falling back to the shipped root when the store holds none or an older one. A stored root must be
     * signed by a threshold of its own keys; stored timestamp, snapshot and targets are kept as rollback anchors only
     * if a threshold of the trusted root's keys for their role signed them (their expiry does not matter here).
     */
    public TrustedRepository(String name, byte[] shippedRoot, Clock clock, TrustStore store) {
        this.name = name;
        this.clock = clock;
        this.store = store;
        this.referenceTime = clock.instant();
        var doc = SignedDocument.parse(shippedRoot, Root::fromJson);
        requireThreshold(doc, doc.body().role(RoleType.ROOT), doc.body().keys(), "trusted root");
        byte[] storedRoot = store.read(ROOT_FILE);
        if (storedRoot != null) {
            var stored = SignedDocument.parse(storedRoot, Root::fromJson);
            requireThreshold(
                    stored, stored.body().role(RoleType.ROOT), stored.body().keys(), "persisted root");
            if (stored.body().version() >= doc.body().version()) {
                doc = stored;
            }
        }
        this.root = doc;
        this.timestamp = restore(TIMESTAMP_FILE, Timestamp::fromJson, RoleType.TIMESTAMP);
        this.snapshot = restore(SNAPSHOT_FILE, Snapshot::fromJson, RoleType.SNAPSHOT);
        this.lastTargets = restore(TARGETS_FILE, Targets::fromJson, RoleType.TARGETS);
    }

    private <T> @Nullable SignedDocument<T> restore(
            String file, java.util.function.Function<Map<String, Object>, T> parser, RoleType role) {
        byte[] json = store.read(file);
        if (json == null) {
            return null;
        }
        var doc = SignedDocument.parse(json, parser);
        if (!doc.meetsThreshold(root.body().role(role), root.body().keys())) {
            // Signed by keys the trusted root no longer lists (e.g. rotated before the deletion reached the disk).
            store.delete(file);
            return null;
        }
        return doc;
    }

    public String name() {
        return name;
    }

    public SignedDocument<Root> root() {
        return root;
    }

    public @Nullable SignedDocument<Timestamp> timestamp() {
        return timestamp;
    }

    public @Nullable SignedDocument<Snapshot> snapshot() {
        return snapshot;
    }

    public @Nullable SignedDocument<Targets> targets(String roleName) {
        return targets.get(roleName);
    }

    /** TUF 1.0 section 5.1: record the time the update began; expiry is judged against it. */
    public void beginUpdate() {
        this.referenceTime = clock.instant();
        // Targets roles are re-verified on every refresh against the new snapshot (TUF 1.0 section 5.6).
        targets.clear();
    }

    /** The last top-level targets metadata this client accepted (in this run or, persisted, an earlier one). */
    public @Nullable SignedDocument<Targets> lastTargets() {
        return lastTargets;
    }

    /**
     * TUF 1.0 section 5.3.3 to 5.3.8: accept root version N+1, signed by a threshold of the keys of the trusted root
     * (N) and a threshold of its own keys.
     */
    public Root updateRoot(byte[] json) {
        var candidate = SignedDocument.parse(json, Root::fromJson);
        Root trusted = root.body();
        // 5.3.4: a threshold of the keys of the trusted root must have signed the new root.
        requireThreshold(candidate, trusted.role(RoleType.ROOT), trusted.keys(), "new root (by the old root's keys)");
        // 5.3.5: and a threshold of the new root's own keys.
        requireThreshold(
                candidate,
                candidate.body().role(RoleType.ROOT),
                candidate.body().keys(),
                "new root (by its own keys)");
        // 5.3.6: the version must be exactly N+1; anything else is a rollback (or a replayed old root).
        if (candidate.body().version() != trusted.version() + 1) {
            throw new AttackDetectedException(
                    Attack.ROLLBACK,
                    name + ": expected root version " + (trusted.version() + 1) + " but got "
                            + candidate.body().version());
        }
        // 5.3.11: if the timestamp and/or snapshot keys were rotated, delete the trusted timestamp AND snapshot
        // (recovery from fast-forward attacks: their versions may have been pushed up by whoever held the old keys).
        boolean timestampKeysChanged =
                !keysOf(trusted, RoleType.TIMESTAMP).equals(keysOf(candidate.body(), RoleType.TIMESTAMP));
        boolean snapshotKeysChanged =
                !keysOf(trusted, RoleType.SNAPSHOT).equals(keysOf(candidate.body(), RoleType.SNAPSHOT));
        root = candidate;
        // 5.3.8: persist the new trusted root.
        store.write(ROOT_FILE, json);
        if (timestampKeysChanged || snapshotKeysChanged) {
            timestamp = null;
            snapshot = null;
            store.delete(TIMESTAMP_FILE);
            store.delete(SNAPSHOT_FILE);
        }
        return candidate.body();
    }

    private static Map<String, TufKey> keysOf(Root root, RoleType role) {
        var out = new HashMap<String, TufKey>();
        for (String id : root.role(role).keyIds()) {
            TufKey k = root.keys().get(id);
            if (k != null) {
                out.put(id, k);
            }
        }
        return out;
    }

    /** TUF 1.0 section 5.3.10: after the rotation chain, the final root must not be expired (freeze attack). */
    public void checkRootNotExpired() {
        requireNotExpired(root.body(), "root");
    }

    /** TUF 1.0 section 5.4: a new timestamp. Returns the trusted timestamp (the old one if the version is equal). */
    public Timestamp updateTimestamp(byte[] json) {
        var candidate = SignedDocument.parse(json, Timestamp::fromJson);
        Root r = root.body();
        // 5.4.2: signed by a threshold of the timestamp keys listed in root.
        requireThreshold(candidate, r.role(RoleType.TIMESTAMP), r.keys(), "timestamp");
        if (timestamp != null) {
            Timestamp old = timestamp.body();
            // 5.4.3.1: the version must not go down.
            if (candidate.body().version() < old.version()) {
                throw new AttackDetectedException(
                        Attack.ROLLBACK,
                        name + ": timestamp version " + candidate.body().version() + " is older than trusted "
                                + old.version());
            }
            // 5.4.3.2: the snapshot version it points to must not go down either.
            if (candidate.body().snapshot().version() < old.snapshot().version()) {
                throw new AttackDetectedException(
                        Attack.ROLLBACK,
                        name + ": timestamp points to snapshot "
                                + candidate.body().snapshot().version() + ", older than trusted "
                                + old.snapshot().version());
            }
            // 5.4.3.1: an equal version changes nothing: keep the trusted file.
            if (candidate.body().version() == old.version()) {
                requireNotExpired(old, "timestamp");
                return old;
            }
        }
        // 5.4.4: the new timestamp must not be expired.
        requireNotExpired(candidate.body(), "timestamp");
        timestamp = candidate;
        // 5.4.5: persist the new trusted timestamp.
        store.write(TIMESTAMP_FILE, json);
        return candidate.body();
    }

    /** The length limit for the snapshot download: the length the timestamp declares (TUF 1.0 section 5.5.1). */
    public long snapshotLengthLimit(Limits limits) {
        Timestamp t =
                Objects.requireNonNull(timestamp, "update the timestamp first").body();
        return t.snapshot().length() != null ? t.snapshot().length() : limits.maxSnapshotBytes();
    }

    /** TUF 1.0 section 5.5: a new snapshot, consistent with the trusted timestamp. */
    public Snapshot updateSnapshot(byte[] json) {
        Timestamp t =
                Objects.requireNonNull(timestamp, "update the timestamp first").body();
        // 5.5.2: hashes (and length) as listed in the timestamp: a different snapshot is a mix-and-match.
        requireMatchesMeta(json, t.snapshot(), "snapshot.json");
        var candidate = SignedDocument.parse(json, Snapshot::fromJson);
        Root r = root.body();
        // 5.5.3: signed by a threshold of the snapshot keys listed in root.
        requireThreshold(candidate, r.role(RoleType.SNAPSHOT), r.keys(), "snapshot");
        // 5.5.4: the version must be the one the timestamp lists.
        if (candidate.body().version() != t.snapshot().version()) {
            throw new AttackDetectedException(
                    Attack.MIX_AND_MATCH,
                    name + ": snapshot version " + candidate.body().version() + " but the timestamp lists "
                            + t.snapshot().version());
        }
        // Uptane 2.0 5.4.4.5 step 4: the snapshot version itself never goes down (the timestamp check of 5.4.3.2 does
        // not cover a trusted snapshot whose timestamp is gone).
        if (snapshot != null && candidate.body().version() < snapshot.body().version()) {
            throw new AttackDetectedException(
                    Attack.ROLLBACK,
                    name + ": snapshot version " + candidate.body().version() + " is older than trusted "
                            + snapshot.body().version());
        }
        // 5.5.5: no targets file may go backwards or disappear compared with the trusted snapshot.
        if (snapshot != null) {
            for (var e : snapshot.body().meta().entrySet()) {
                MetaFile now = candidate.body().meta().get(e.getKey());
                if (now == null) {
                    throw new AttackDetectedException(
                            Attack.ROLLBACK, name + ": " + e.getKey() + " vanished from the snapshot");
                }
                if (now.version() < e.getValue().version()) {
                    throw new AttackDetectedException(
                            Attack.ROLLBACK,
                            name + ": snapshot lists " + e.getKey() + " version " + now.version()
                                    + ", older than trusted " + e.getValue().version());
                }
            }
        }
        // 5.5.6: not expired.
        requireNotExpired(candidate.body(), "snapshot");
        snapshot = candidate;
        // 5.5.7: persist the new trusted snapshot.
        store.write(SNAPSHOT_FILE, json);
        return candidate.body();
    }

    /** The snapshot entry for a targets role file, e.g. {@code targets.json} or {@code ci.json}. */
    public MetaFile snapshotEntry(String roleName) {
        Snapshot s =
                Objects.requireNonNull(snapshot, "update the snapshot first").body();
        MetaFile meta = s.meta().get(roleName + ".json");
        if (meta == null) {
            // TUF 1.0 section 4.4: snapshot lists every targets role; a role it does not list cannot be trusted.
            throw new AttackDetectedException(
                    Attack.MIX_AND_MATCH, name + ": the snapshot does not list " + roleName + ".json");
        }
        return meta;
    }

    /** TUF 1.0 section 5.6: the top-level targets role, verified with the keys in root. */
    public Targets updateTargets(byte[] json) {
        Root r = root.body();
        Targets accepted = updateTargetsRole(json, "targets", r.role(RoleType.TARGETS), r.keys());
        lastTargets = targets.get("targets");
        // 5.6.6: persist the new trusted targets.
        store.write(TARGETS_FILE, json);
        return accepted;
    }

    /**
     * Director targets on a partial-verification ECU (Uptane 2.0 sections 5.4.4.1 and 5.4.4.6), which has no
     * snapshot: signed by a threshold of the targets keys of this ECU's own trusted director root, a version not
     * below the last one it accepted, not expired. Accepted, it is persisted as the new anchor.
     */
    public Targets updateTargetsWithoutSnapshot(byte[] json) {
        var candidate = SignedDocument.parse(json, Targets::fromJson);
        Root r = root.body();
        requireThreshold(candidate, r.role(RoleType.TARGETS), r.keys(), "targets");
        if (lastTargets != null
                && candidate.body().version() < lastTargets.body().version()) {
            throw new AttackDetectedException(
                    Attack.ROLLBACK,
                    name + ": targets version " + candidate.body().version() + " is older than the accepted "
                            + lastTargets.body().version());
        }
        requireNotExpired(candidate.body(), "targets");
        targets.put("targets", candidate);
        lastTargets = candidate;
        store.write(TARGETS_FILE, json);
        return candidate.body();
    }

    /**
     * TUF 1.0 section 5.6.7.1 (delegations): a delegated targets role, verified with the keys its delegator lists.
     */
    public Targets updateDelegatedTargets(byte[] json, DelegatedRole role, String delegator) {
        var parent = Objects.requireNonNull(targets.get(delegator), "load the delegating role " + delegator + " first");
        var delegations = Objects.requireNonNull(parent.body().delegations(), delegator + " delegates nothing");
        return updateTargetsRole(json, role.name(), role.roleKeys(), delegations.keys());
    }

    private Targets updateTargetsRole(byte[] json, String roleName, RoleKeys roleKeys, Map<String, TufKey> keys) {
        MetaFile meta = snapshotEntry(roleName);
        // 5.6.2: hashes (and length) as listed in the snapshot, when listed.
        requireMatchesMeta(json, meta, roleName + ".json");
        var candidate = SignedDocument.parse(json, Targets::fromJson);
        // 5.6.3: signed by a threshold of the role's keys.
        requireThreshold(candidate, roleKeys, keys, roleName);
        // 5.6.4: the version the snapshot lists.
        if (candidate.body().version() != meta.version()) {
            throw new AttackDetectedException(
                    Attack.MIX_AND_MATCH,
                    name + ": " + roleName + " version " + candidate.body().version() + " but the snapshot lists "
                            + meta.version());
        }
        // 5.6.5: not expired.
        requireNotExpired(candidate.body(), roleName);
        targets.put(roleName, candidate);
        return candidate.body();
    }

    /** The length limit for a targets role download (TUF 1.0 section 5.6.1). */
    public long targetsLengthLimit(String roleName, Limits limits) {
        MetaFile meta = snapshotEntry(roleName);
        return meta.length() != null ? meta.length() : limits.maxTargetsBytes();
    }

    private void requireThreshold(SignedDocument<?> doc, RoleKeys role, Map<String, TufKey> keys, String what) {
        int valid = doc.validSignerIds(role, keys).size();
        if (valid < role.threshold()) {
            throw new AttackDetectedException(
                    Attack.ARBITRARY_SOFTWARE,
                    name + ": " + what + " has " + valid + " valid signature(s), the threshold is " + role.threshold());
        }
    }

    private void requireNotExpired(RoleMetadata m, String what) {
        if (!referenceTime.isBefore(m.expires())) {
            throw new AttackDetectedException(
                    Attack.FREEZE, name + ": " + what + " version " + m.version() + " expired at " + m.expires());
        }
    }

    private void requireMatchesMeta(byte[] json, MetaFile meta, String file) {
        if (meta.length() != null && json.length != meta.length()) {
            throw new AttackDetectedException(
                    Attack.MIX_AND_MATCH,
                    name + ": " + file + " is " + json.length + " bytes but is listed with " + meta.length());
        }
        // Every listed hash this client can compute must match, and when hashes are listed at least one must be
        // computable: hashes that cannot be checked protect nothing.
        if (!meta.hashes().isEmpty() && meta.hashes().keySet().stream().noneMatch(Hashing::supported)) {
            throw new AttackDetectedException(
                    Attack.MIX_AND_MATCH,
                    name + ": " + file + " is listed only with unsupported hash algorithms "
                            + meta.hashes().keySet());
        }
        for (var h : meta.hashes().entrySet()) {
            if (!Hashing.supported(h.getKey())) {
                continue;
            }
            MessageDigest digest = Hashing.digest(Hashing.jdkName(h.getKey()));
            String actual = HexFormat.of().formatHex(digest.digest(json));
            if (!actual.equalsIgnoreCase(h.getValue())) {
                throw new AttackDetectedException(
                        Attack.MIX_AND_MATCH,
                        name + ": " + file + " does not have the " + h.getKey() + " listed for it");
            }
        }
    }
}

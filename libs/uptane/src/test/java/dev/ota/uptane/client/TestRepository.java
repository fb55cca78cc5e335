package dev.ota.uptane.client;

import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.Signers;
import dev.ota.uptane.metadata.DelegatedRole;
import dev.ota.uptane.metadata.Delegations;
import dev.ota.uptane.metadata.MetaFile;
import dev.ota.uptane.metadata.RoleKeys;
import dev.ota.uptane.metadata.RoleType;
import dev.ota.uptane.metadata.Root;
import dev.ota.uptane.metadata.SignedDocument;
import dev.ota.uptane.metadata.Snapshot;
import dev.ota.uptane.metadata.TargetFile;
import dev.ota.uptane.metadata.Targets;
import dev.ota.uptane.metadata.Timestamp;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** An in-memory TUF repository written with the library's own model, serving consistent-snapshot file names. */
final class TestRepository {

    final Map<String, String> files = new HashMap<>();
    final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
    List<Signer> rootKeys = new ArrayList<>(List.of(ed(), ed(), ed()));
    int rootThreshold = 2;
    Signer targetsKey = ed();
    Signer snapshotKey = ed();
    Signer timestampKey = ed();
    Duration lifetime = Duration.ofDays(1);
    final Map<String, TargetFile> targets = new LinkedHashMap<>();
    final List<DelegatedRole> delegations = new ArrayList<>();
    final Map<String, Signer> delegatedKeys = new HashMap<>();
    final Map<String, Map<String, TargetFile>> delegatedTargets = new HashMap<>();
    long rootVersion;
    long targetsVersion;
    long snapshotVersion;
    long timestampVersion;
    final Map<String, Long> delegatedVersions = new HashMap<>();
    final Map<String, String> lastTimestamps = new HashMap<>();

    static Signer ed() {
        return Signers.generate(Scheme.ED25519);
    }

    Instant expires() {
        return clock.instant().plus(lifetime);
    }

    Root rootBody(long version) {
        var roles = Map.of(
                RoleType.ROOT, new RoleKeys(rootKeys.stream().map(Signer::keyId).toList(), rootThreshold),
                RoleType.TARGETS, new RoleKeys(List.of(targetsKey.keyId()), 1),
                RoleType.SNAPSHOT, new RoleKeys(List.of(snapshotKey.keyId()), 1),
                RoleType.TIMESTAMP, new RoleKeys(List.of(timestampKey.keyId()), 1));
        var keys = new ArrayList<dev.ota.uptane.crypto.TufKey>();
        rootKeys.forEach(k -> keys.add(k.publicKey()));
        List.of(targetsKey, snapshotKey, timestampKey).forEach(k -> keys.add(k.publicKey()));
        return Root.create(version, clock.instant().plus(Duration.ofDays(365)), roles, keys);
    }

    /** Publishes the next root version signed by the given keys. */
    SignedDocument<Root> publishRoot(List<Signer> signers) {
        rootVersion++;
        var doc = SignedDocument.sign(rootBody(rootVersion), signers);
        files.put(rootVersion + ".root.json", doc.toJson());
        return doc;
    }

    SignedDocument<Root> publishRoot() {
        return publishRoot(rootKeys);
    }

    void delegate(String name, List<String> paths, boolean terminating) {
        Signer key = ed();
        delegatedKeys.put(name, key);
        delegations.add(DelegatedRole.forPaths(name, List.of(key.keyId()), 1, terminating, paths));
        delegatedTargets.put(name, new LinkedHashMap<>());
    }

    static TargetFile image(String content, String hardwareId, long releaseCounter) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return TargetFile.image(
                bytes.length,
                Map.of("sha256", Hashing.sha256Hex(bytes), "sha512", Hashing.sha512Hex(bytes)),
                List.of(hardwareId),
                releaseCounter,
                Map.of());
    }

    /** Re-signs targets, every delegated role, snapshot and timestamp with new versions. */
    void publish() {
        targetsVersion++;
        var meta = new LinkedHashMap<String, MetaFile>();
        var delegationKeys =
                delegatedKeys.values().stream().map(Signer::publicKey).toList();
        var top = new Targets(
                targetsVersion,
                expires(),
                targets,
                delegations.isEmpty() ? null : Delegations.of(delegationKeys, delegations));
        files.put(
                targetsVersion + ".targets.json",
                SignedDocument.sign(top, targetsKey).toJson());
        meta.put("targets.json", MetaFile.of(targetsVersion));
        for (DelegatedRole role : delegations) {
            long v = delegatedVersions.merge(role.name(), 1L, Long::sum);
            var body = new Targets(v, expires(), delegatedTargets.get(role.name()), null);
            files.put(
                    v + "." + role.name() + ".json",
                    SignedDocument.sign(body, delegatedKeys.get(role.name())).toJson());
            meta.put(role.name() + ".json", MetaFile.of(v));
        }
        snapshotVersion++;
        publishSnapshotAndTimestamp(new Snapshot(snapshotVersion, expires(), meta), snapshotKey);
    }

    void publishSnapshotAndTimestamp(Snapshot snapshot, Signer key) {
        byte[] snapshotBytes = SignedDocument.sign(snapshot, key).toBytes();
        files.put(snapshot.version() + ".snapshot.json", new String(snapshotBytes, StandardCharsets.UTF_8));
        publishTimestamp(new MetaFile(
                snapshot.version(), (long) snapshotBytes.length, Map.of("sha256", Hashing.sha256Hex(snapshotBytes))));
    }

    void publishTimestamp(MetaFile snapshotMeta) {
        timestampVersion++;
        var ts = new Timestamp(timestampVersion, expires(), snapshotMeta);
        String json = SignedDocument.sign(ts, timestampKey).toJson();
        files.put("timestamp.json", json);
        lastTimestamps.put(Long.toString(timestampVersion), json);
    }

    String file(String name) {
        return files.get(name);
    }

    RepositoryClient client(@Nullable String trustedRootFile) {
        var trusted = new TrustedRepository(
                "image-repo",
                files.get(trustedRootFile == null ? "1.root.json" : trustedRootFile)
                        .getBytes(),
                clock);
        return new RepositoryClient(trusted, MetadataFetcher.of(files), Limits.DEFAULT);
    }

    /** A clock tests move forward to make metadata expire. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

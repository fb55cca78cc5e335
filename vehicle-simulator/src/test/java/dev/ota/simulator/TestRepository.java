package dev.ota.simulator;

import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.Signers;
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
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A TUF repository for tests, signed with the uptane library: one key per top-level role, consistent snapshots. Used
 * as the image repository (served over HTTP) and as a director (its documents sent in update commands).
 */
final class TestRepository {

    final Signer rootKey = Signers.generate(Scheme.ED25519);
    final Signer targetsKey = Signers.generate(Scheme.ED25519);
    final Signer snapshotKey = Signers.generate(Scheme.ED25519);
    final Signer timestampKey = Signers.generate(Scheme.ED25519);
    final byte[] root;
    private long version;

    TestRepository() {
        Root body = Root.create(
                1,
                Instant.now().plus(Duration.ofDays(365)),
                Map.of(
                        RoleType.ROOT, new RoleKeys(List.of(rootKey.keyId()), 1),
                        RoleType.TARGETS, new RoleKeys(List.of(targetsKey.keyId()), 1),
                        RoleType.SNAPSHOT, new RoleKeys(List.of(snapshotKey.keyId()), 1),
                        RoleType.TIMESTAMP, new RoleKeys(List.of(timestampKey.keyId()), 1)),
                List.of(
                        rootKey.publicKey(),
                        targetsKey.publicKey(),
                        snapshotKey.publicKey(),
                        timestampKey.publicKey()));
        this.root = SignedDocument.sign(body, rootKey).toBytes();
    }

    /** A new version of the repository listing the targets: file name to JSON text. */
    synchronized Map<String, String> publish(Map<String, TargetFile> targets) {
        return publish(targets, targetsKey, Instant.now().plus(Duration.ofDays(7)));
    }

    /** The same, with a chosen targets signer and expiry (for attacks). */
    synchronized Map<String, String> publish(Map<String, TargetFile> targets, Signer targetsSigner, Instant expires) {
        long v = ++version;
        String targetsJson = SignedDocument.sign(new Targets(v, expires, targets, null), targetsSigner)
                .toJson();
        String snapshotJson = SignedDocument.sign(
                        new Snapshot(v, expires, Map.of("targets.json", MetaFile.of(v))), snapshotKey)
                .toJson();
        String timestampJson = SignedDocument.sign(new Timestamp(v, expires, MetaFile.of(v)), timestampKey)
                .toJson();
        Map<String, String> files = new HashMap<>();
        files.put(v + ".targets.json", targetsJson);
        files.put(v + ".snapshot.json", snapshotJson);
        files.put("timestamp.json", timestampJson);
        return files;
    }

    /** An image: its bytes and the metadata both repositories list for it. */
    record Image(String path, byte[] content, String sha256, long releaseCounter, String hardwareId) {

        static Image of(String path, String hardwareId, long releaseCounter) {
            byte[] content =
                    ("image " + path + " for " + hardwareId).repeat(200).getBytes(StandardCharsets.UTF_8);
            return of(path, hardwareId, releaseCounter, content);
        }

        static Image of(String path, String hardwareId, long releaseCounter, byte[] content) {
            return new Image(path, content, Hashing.sha256Hex(content), releaseCounter, hardwareId);
        }

        TargetFile imageTarget() {
            return TargetFile.image(
                    content.length, Map.of("sha256", sha256), List.of(hardwareId), releaseCounter, Map.of());
        }

        /** Where a TUF client with consistent snapshots fetches a target with this path and SHA-256. */
        static String servedPath(String path, String sha256) {
            int slash = path.lastIndexOf('/');
            return "targets/" + path.substring(0, slash + 1) + sha256 + "." + path.substring(slash + 1);
        }

        TargetFile directorTarget(String ecuSerial) {
            return TargetFile.forEcu(content.length, Map.of("sha256", sha256), ecuSerial, hardwareId, releaseCounter);
        }

        /** Where a TUF client with consistent snapshots fetches it. */
        String servedPath() {
            return servedPath(path, sha256);
        }
    }
}

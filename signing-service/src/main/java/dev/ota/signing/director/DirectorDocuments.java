package dev.ota.signing.director;

import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.metadata.MetaFile;
import dev.ota.uptane.metadata.SignedDocument;
import dev.ota.uptane.metadata.Snapshot;
import dev.ota.uptane.metadata.TargetFile;
import dev.ota.uptane.metadata.Targets;
import dev.ota.uptane.metadata.Timestamp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds and signs one vehicle's director targets, snapshot and timestamp (Uptane 2.0 section 5.2 / 5.3.3). Pure:
 * no I/O, so it is what the throughput benchmark measures.
 */
public final class DirectorDocuments {

    private final Signer targetsKey;
    private final Signer snapshotKey;
    private final Signer timestampKey;
    private final DirectorProperties lifetimes;

    public DirectorDocuments(Signer targetsKey, Signer snapshotKey, Signer timestampKey, DirectorProperties lifetimes) {
        this.targetsKey = targetsKey;
        this.snapshotKey = snapshotKey;
        this.timestampKey = timestampKey;
        this.lifetimes = lifetimes;
    }

    /** The signed documents of one issue, with the file names a client fetches them by (consistent snapshots). */
    public record Issued(long version, String targets, String snapshot, String timestamp) {

        public Map<String, String> files() {
            return Map.of(
                    version + ".targets.json",
                    targets,
                    version + ".snapshot.json",
                    snapshot,
                    "timestamp.json",
                    timestamp);
        }
    }

    /**
     * Director targets: one entry per image, naming the ECU(s) it is for with their hardware id, and the release
     * counter (Uptane 2.0 section 5.2.3.1.1: these SHALL match what the ECU reports and the image repository lists),
     * and the install conditions the vehicle must enforce, signed with the rest. One version number is used for
     * targets, snapshot and timestamp of a vehicle.
     */
    public Issued issue(long version, List<EcuTarget> ecuTargets, InstallConditions conditions, Instant now) {
        var targets = new TreeMap<String, TargetFile>();
        for (EcuTarget t : ecuTargets) {
            TargetFile existing = targets.get(t.targetPath());
            if (existing == null) {
                targets.put(
                        t.targetPath(),
                        TargetFile.forEcu(t.length(), t.hashes(), t.ecuSerial(), t.hardwareId(), t.releaseCounter()));
            } else {
                // The same image for several ECUs: one entry listing every ECU.
                var custom = new LinkedHashMap<>(existing.custom());
                var ids = new TreeMap<String, Object>(existing.ecuHardwareIds().entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(
                                Map.Entry::getKey, e -> Map.of(TargetFile.HARDWARE_ID, e.getValue()))));
                ids.put(t.ecuSerial(), Map.of(TargetFile.HARDWARE_ID, t.hardwareId()));
                custom.put(TargetFile.ECU_IDENTIFIERS, ids);
                targets.put(t.targetPath(), new TargetFile(existing.length(), existing.hashes(), custom));
            }
        }
        Map<String, Object> signedConditions = conditions.toMetadata();
        targets.replaceAll((path, file) -> {
            var custom = new LinkedHashMap<>(file.custom());
            custom.put(InstallConditions.METADATA_KEY, signedConditions);
            return new TargetFile(file.length(), file.hashes(), custom);
        });
        var targetsBody = new Targets(version, now.plus(lifetimes.targetsLifetime()), targets, null);
        String targetsJson = SignedDocument.sign(targetsBody, targetsKey).toJson();
        var snapshotBody = new Snapshot(
                version, now.plus(lifetimes.snapshotLifetime()), Map.of("targets.json", MetaFile.of(version)));
        byte[] snapshotBytes = SignedDocument.sign(snapshotBody, snapshotKey).toBytes();
        var timestampBody = new Timestamp(
                version,
                now.plus(lifetimes.timestampLifetime()),
                new MetaFile(version, (long) snapshotBytes.length, Map.of("sha256", Hashing.sha256Hex(snapshotBytes))));
        String timestampJson = SignedDocument.sign(timestampBody, timestampKey).toJson();
        return new Issued(version, targetsJson, new String(snapshotBytes, StandardCharsets.UTF_8), timestampJson);
    }
}

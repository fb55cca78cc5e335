package dev.ota.signing.director;

import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.delta.DeltaOffer;
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
 *
 * <p>Each role has its own version sequence per vehicle: a new assignment moves all three on by one, re-signing
 * before expiry only the roles it renews (a timestamp alone, or snapshot and timestamp, or all three with the same
 * targets). A vehicle's client refuses any role whose version goes down (TUF 1.0 sections 5.4.3, 5.5.5, 5.6.4), so
 * none ever does.
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

    /** The versions of one vehicle's three documents. */
    public record Versions(long targets, long snapshot, long timestamp) {

        public static final Versions NONE = new Versions(0, 0, 0);

        /** All three moved on by one: a new targets document. */
        public Versions next() {
            return new Versions(targets + 1, snapshot + 1, timestamp + 1);
        }
    }

    /**
     * The signed documents of one vehicle, with their versions and expiry, and the file names a client fetches them
     * by (consistent snapshots).
     */
    public record Issued(
            Versions versions,
            String targets,
            String snapshot,
            String timestamp,
            Instant targetsExpires,
            Instant snapshotExpires,
            Instant timestampExpires) {

        public Map<String, String> files() {
            return Map.of(
                    versions.targets() + ".targets.json",
                    targets,
                    versions.snapshot() + ".snapshot.json",
                    snapshot,
                    "timestamp.json",
                    timestamp);
        }
    }

    /**
     * Director targets: one entry per image, naming the ECU(s) it is for with their hardware id, and the release
     * counter (Uptane 2.0 section 5.2.3.1.1: these SHALL match what the ECU reports and the image repository lists),
     * and the install conditions the vehicle must enforce, signed with the rest; then snapshot and timestamp.
     */
    public Issued issue(Versions versions, List<EcuTarget> ecuTargets, InstallConditions conditions, Instant now) {
        return issue(versions, ecuTargets, Map.of(), conditions, now);
    }

    /**
     * The same, with the deltas offered to some ECUs (by ECU serial) signed into their entries' {@code
     * custom.deltaOffers} (docs/deltas.md).
     */
    public Issued issue(
            Versions versions,
            List<EcuTarget> ecuTargets,
            Map<String, DeltaOffer> offers,
            InstallConditions conditions,
            Instant now) {
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
            var offered = new TreeMap<String, DeltaOffer>();
            file.ecuHardwareIds().keySet().stream()
                    .filter(offers::containsKey)
                    .forEach(ecu -> offered.put(ecu, offers.get(ecu)));
            if (!offered.isEmpty()) {
                return new TargetFile(file.length(), file.hashes(), DeltaOffer.addedTo(custom, offered));
            }
            return new TargetFile(file.length(), file.hashes(), custom);
        });
        return withTargets(versions, targets, now);
    }

    /**
     * "Nothing for you": signed targets that list no image, for a vehicle without an assignment (or whose assignment
     * was cancelled). A vehicle that verifies them knows the director has nothing for it, rather than having to guess
     * from silence.
     */
    public Issued nothing(Versions versions, Instant now) {
        return withTargets(versions, Map.of(), now);
    }

    private Issued withTargets(Versions versions, Map<String, TargetFile> targets, Instant now) {
        Instant expires = now.plus(lifetimes.targetsLifetime());
        String targetsJson = SignedDocument.sign(new Targets(versions.targets(), expires, targets, null), targetsKey)
                .toJson();
        return withSnapshot(versions, targetsJson, expires, now);
    }

    /** The same targets under the next targets version and a new expiry, then snapshot and timestamp. */
    public Issued renewTargets(Issued current, Instant now) {
        Targets body =
                SignedDocument.parse(current.targets(), Targets::fromJson).body();
        Versions versions = current.versions().next();
        Instant expires = now.plus(lifetimes.targetsLifetime());
        String targetsJson = SignedDocument.sign(
                        new Targets(versions.targets(), expires, body.targets(), body.delegations()), targetsKey)
                .toJson();
        return withSnapshot(versions, targetsJson, expires, now);
    }

    /** A new snapshot (next version, new expiry) of the same targets, and a timestamp for it. */
    public Issued renewSnapshot(Issued current, Instant now) {
        Versions versions = new Versions(
                current.versions().targets(),
                current.versions().snapshot() + 1,
                current.versions().timestamp() + 1);
        return withSnapshot(versions, current.targets(), current.targetsExpires(), now);
    }

    /** A new timestamp (next version, new expiry) of the same snapshot. */
    public Issued renewTimestamp(Issued current, Instant now) {
        Versions versions = new Versions(
                current.versions().targets(),
                current.versions().snapshot(),
                current.versions().timestamp() + 1);
        byte[] snapshotBytes = current.snapshot().getBytes(StandardCharsets.UTF_8);
        Instant expires = now.plus(lifetimes.timestampLifetime());
        return new Issued(
                versions,
                current.targets(),
                current.snapshot(),
                timestamp(versions, snapshotBytes, expires),
                current.targetsExpires(),
                current.snapshotExpires(),
                expires);
    }

    private Issued withSnapshot(Versions versions, String targetsJson, Instant targetsExpires, Instant now) {
        Instant snapshotExpires = now.plus(lifetimes.snapshotLifetime());
        var snapshotBody = new Snapshot(
                versions.snapshot(), snapshotExpires, Map.of("targets.json", MetaFile.of(versions.targets())));
        byte[] snapshotBytes = SignedDocument.sign(snapshotBody, snapshotKey).toBytes();
        Instant timestampExpires = now.plus(lifetimes.timestampLifetime());
        return new Issued(
                versions,
                targetsJson,
                new String(snapshotBytes, StandardCharsets.UTF_8),
                timestamp(versions, snapshotBytes, timestampExpires),
                targetsExpires,
                snapshotExpires,
                timestampExpires);
    }

    private String timestamp(Versions versions, byte[] snapshotBytes, Instant expires) {
        var timestampBody = new Timestamp(
                versions.timestamp(),
                expires,
                new MetaFile(
                        versions.snapshot(),
                        (long) snapshotBytes.length,
                        Map.of("sha256", Hashing.sha256Hex(snapshotBytes))));
        return SignedDocument.sign(timestampBody, timestampKey).toJson();
    }
}

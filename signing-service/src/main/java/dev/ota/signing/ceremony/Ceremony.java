package dev.ota.signing.ceremony;

import dev.ota.uptane.crypto.TufKey;
import dev.ota.uptane.delta.DeltaPaths;
import dev.ota.uptane.metadata.DelegatedRole;
import dev.ota.uptane.metadata.Delegations;
import dev.ota.uptane.metadata.RoleKeys;
import dev.ota.uptane.metadata.RoleType;
import dev.ota.uptane.metadata.Root;
import dev.ota.uptane.metadata.SignedDocument;
import dev.ota.uptane.metadata.Targets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The documents of an offline key ceremony, built from PUBLIC keys only: whoever holds a private key signs the
 * unsigned document on their own machine ({@code SignedDocument#withSignatureBy}), and the signatures are then
 * combined ({@code SignedDocument#combine}). Nothing here needs a private key.
 */
public final class Ceremony {

    /** Target paths of the image repository are at most four segments deep: {@code name/file} and so on. */
    public static final List<String> ALL_PATHS = List.of("*", "*/*", "*/*/*", "*/*/*/*");

    /** The delegated role that lists deltas (online key), before {@code release}. */
    public static final String DELTAS = "deltas";

    private Ceremony() {}

    /** A root document (first or next version) with k-of-n root keys and the online role keys. */
    public static SignedDocument<Root> root(
            long version,
            Instant expires,
            List<TufKey> rootKeys,
            int rootThreshold,
            List<TufKey> targetsKeys,
            int targetsThreshold,
            TufKey snapshotKey,
            TufKey timestampKey) {
        var keys = new ArrayList<TufKey>(rootKeys);
        keys.addAll(targetsKeys);
        keys.add(snapshotKey);
        keys.add(timestampKey);
        var roles = Map.of(
                RoleType.ROOT, new RoleKeys(ids(rootKeys), rootThreshold),
                RoleType.TARGETS, new RoleKeys(ids(targetsKeys), targetsThreshold),
                RoleType.SNAPSHOT, new RoleKeys(List.of(snapshotKey.keyId()), 1),
                RoleType.TIMESTAMP, new RoleKeys(List.of(timestampKey.keyId()), 1));
        return SignedDocument.unsigned(Root.create(version, expires, roles, dedupe(keys)));
    }

    /**
     * The image repository's top-level targets: no targets of its own, and delegations in priority order. The
     * {@code release} role comes first, is terminating and covers every path, with threshold 2 over the CI key and
     * the release engineers' keys: so a vehicle trusts an image only once the CI key AND a release engineer have
     * signed it. The staging roles ({@code ci}, suppliers) follow: signed, public, but never reached by a vehicle's
     * search (TUF 1.0 section 5.6.7.2.1).
     *
     * <p>With a {@code deltasKey}, a {@code deltas} role comes before {@code release}: terminating, paths under
     * {@code deltas/} only, signed by that online key. A client's pre-order search reaches it for delta paths, which
     * {@code release} would otherwise end; it can list no image path, and a vehicle installs what a delta produces only
     * when it matches the release-signed image (docs/deltas.md).
     */
    public static SignedDocument<Targets> imageTopLevelTargets(
            long version,
            Instant expires,
            TufKey ciKey,
            List<TufKey> releaseEngineerKeys,
            @Nullable TufKey deltasKey,
            Map<String, SupplierDelegation> suppliers) {
        var keys = new ArrayList<TufKey>();
        keys.add(ciKey);
        keys.addAll(releaseEngineerKeys);
        var roles = new ArrayList<DelegatedRole>();
        if (deltasKey != null) {
            keys.add(deltasKey);
            roles.add(DelegatedRole.forPaths(DELTAS, List.of(deltasKey.keyId()), 1, true, DeltaPaths.DELEGATION_PATHS));
        }
        var releaseIds = new ArrayList<String>();
        releaseIds.add(ciKey.keyId());
        releaseIds.addAll(ids(releaseEngineerKeys));
        roles.add(DelegatedRole.forPaths("release", releaseIds, 2, true, ALL_PATHS));
        suppliers.forEach((name, s) -> {
            keys.add(s.key());
            roles.add(DelegatedRole.forPaths(name, List.of(s.key().keyId()), 1, true, s.paths()));
        });
        roles.add(DelegatedRole.forPaths("ci", List.of(ciKey.keyId()), 1, false, ALL_PATHS));
        return SignedDocument.unsigned(new Targets(version, expires, Map.of(), Delegations.of(dedupe(keys), roles)));
    }

    /** A supplier's delegation: its key and the target path patterns it may sign. */
    public record SupplierDelegation(TufKey key, List<String> paths) {}

    private static List<String> ids(List<TufKey> keys) {
        return keys.stream().map(TufKey::keyId).distinct().toList();
    }

    private static List<TufKey> dedupe(List<TufKey> keys) {
        var seen = new java.util.LinkedHashMap<String, TufKey>();
        keys.forEach(k -> seen.putIfAbsent(k.keyId(), k));
        return List.copyOf(seen.values());
    }
}

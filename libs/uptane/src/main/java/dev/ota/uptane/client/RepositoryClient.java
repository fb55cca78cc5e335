package dev.ota.uptane.client;

import dev.ota.uptane.metadata.DelegatedRole;
import dev.ota.uptane.metadata.Root;
import dev.ota.uptane.metadata.SignedDocument;
import dev.ota.uptane.metadata.TargetFile;
import dev.ota.uptane.metadata.Targets;
import dev.ota.uptane.metadata.Timestamp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The TUF 1.0 detailed client workflow (section 5) for one repository: root rotation chain, timestamp, snapshot,
 * top-level targets, and target search through delegations. Works on the image repository over HTTP and on the
 * director's per-vehicle documents alike ({@link MetadataFetcher}).
 */
public final class RepositoryClient {

    private final TrustedRepository trusted;
    private final MetadataFetcher fetcher;
    private final Limits limits;

    public RepositoryClient(TrustedRepository trusted, MetadataFetcher fetcher, Limits limits) {
        this.trusted = trusted;
        this.fetcher = fetcher;
        this.limits = limits;
    }

    public TrustedRepository trusted() {
        return trusted;
    }

    /** TUF 1.0 sections 5.1 to 5.6: refresh root, timestamp, snapshot and top-level targets. */
    public Targets refresh() {
        trusted.beginUpdate();
        updateRoot();
        byte[] ts = fetchRequired("timestamp.json", limits.maxTimestampBytes());
        Timestamp timestamp = trusted.updateTimestamp(ts);
        // 5.5.1: with consistent snapshots, fetch VERSION.snapshot.json.
        var snapshotVersion = timestamp.snapshot().version();
        String snapshotName = consistent() ? snapshotVersion + ".snapshot.json" : "snapshot.json";
        trusted.updateSnapshot(fetchRequired(snapshotName, trusted.snapshotLengthLimit(limits)));
        return trusted.updateTargets(fetchRequired(roleFile("targets"), trusted.targetsLengthLimit("targets", limits)));
    }

    /**
     * TUF 1.0 sections 5.1 to 5.3 only: the root rotation chain, as a partial-verification ECU checks its director
     * root before the director's targets (Uptane 2.0 section 5.4.4.1).
     */
    public Root refreshRoot() {
        trusted.beginUpdate();
        updateRoot();
        return trusted.root().body();
    }

    /** TUF 1.0 section 5.3: follow N+1.root.json until the repository has no newer one. */
    private void updateRoot() {
        for (int i = 0; i < limits.maxRootRotations(); i++) {
            long next = trusted.root().body().version() + 1;
            byte[] json = fetch(next + ".root.json", limits.maxRootBytes());
            if (json == null) {
                trusted.checkRootNotExpired();
                return;
            }
            trusted.updateRoot(json);
        }
        // 5.3.3: an upper bound on the number of root files, so a malicious mirror cannot stall the client forever.
        throw new AttackDetectedException(
                Attack.ENDLESS_DATA, trusted.name() + ": more than " + limits.maxRootRotations() + " root rotations");
    }

    private boolean consistent() {
        Root root = trusted.root().body();
        return root.consistentSnapshot();
    }

    private String roleFile(String roleName) {
        // TUF 1.0 section 5.6.1: consistent snapshots name targets roles VERSION.ROLE.json.
        return consistent() ? trusted.snapshotEntry(roleName).version() + "." + roleName + ".json" : roleName + ".json";
    }

    /**
     * TUF 1.0 section 5.6.7: pre-order depth-first search for the target through the delegation graph, honouring
     * path patterns, terminating delegations and a bound on the number of roles visited.
     *
     * @return the trusted target entry and the role that signed it, or empty when no trusted role lists it
     */
    public Optional<ResolvedTarget> findTarget(String targetPath) {
        record Visit(
                String role,
                @org.jspecify.annotations.Nullable DelegatedRole delegation,
                String delegator) {}
        Deque<Visit> stack = new ArrayDeque<>();
        Set<String> visited = new HashSet<>();
        stack.push(new Visit("targets", null, ""));
        int budget = 32;
        while (!stack.isEmpty() && budget-- > 0) {
            Visit visit = stack.pop();
            if (!visited.add(visit.role())) {
                continue;
            }
            SignedDocument<Targets> doc = trusted.targets(visit.role());
            if (doc == null && visit.delegation() != null) {
                byte[] json = fetchRequired(roleFile(visit.role()), trusted.targetsLengthLimit(visit.role(), limits));
                trusted.updateDelegatedTargets(json, visit.delegation(), visit.delegator());
                doc = trusted.targets(visit.role());
            }
            if (doc == null) {
                throw new IllegalStateException("refresh() before searching targets");
            }
            TargetFile file = doc.body().targets().get(targetPath);
            if (file != null) {
                return Optional.of(new ResolvedTarget(targetPath, file, visit.role()));
            }
            var delegations = doc.body().delegations();
            if (delegations == null) {
                continue;
            }
            Deque<Visit> children = new ArrayDeque<>();
            for (DelegatedRole child : delegations.roles()) {
                if (!child.covers(targetPath)) {
                    continue;
                }
                children.push(new Visit(child.name(), child, visit.role()));
                // 5.6.7.2.1: a terminating delegation ends the search after this role's subtree.
                if (child.terminating()) {
                    stack.clear();
                    break;
                }
            }
            while (!children.isEmpty()) {
                stack.push(children.pop());
            }
        }
        return Optional.empty();
    }

    /** The path to download a target from: with consistent snapshots, {@code dir/HASH.name} (TUF 1.0 section 5.7.3). */
    public String downloadPath(String targetPath, TargetFile file) {
        if (!consistent()) {
            return targetPath;
        }
        String hash = file.hashes().containsKey("sha256")
                ? file.hashes().get("sha256")
                : file.hashes().values().iterator().next();
        int slash = targetPath.lastIndexOf('/');
        return slash < 0
                ? hash + "." + targetPath
                : targetPath.substring(0, slash + 1) + hash + "." + targetPath.substring(slash + 1);
    }

    private byte[] fetchRequired(String path, long max) {
        byte[] json = fetch(path, max);
        if (json == null) {
            throw new UncheckedIOException(new IOException(trusted.name() + ": " + path + " is missing"));
        }
        return json;
    }

    private byte @org.jspecify.annotations.Nullable [] fetch(String path, long max) {
        try {
            return fetcher.fetch(path, max);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A target entry found through the delegation search, with the role that vouched for it. */
    public record ResolvedTarget(String path, TargetFile file, String role) {}
}

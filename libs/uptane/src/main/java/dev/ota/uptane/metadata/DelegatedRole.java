package dev.ota.uptane.metadata;

import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.json.Json;
import dev.ota.uptane.json.JsonValue;
import dev.ota.uptane.json.MalformedMetadataException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A delegation (TUF 1.0 section 4.5, DELEGATIONS "roles"): who may sign for which target paths, with how many keys,
 * and whether the search stops here (terminating).
 */
public record DelegatedRole(
        String name,
        List<String> keyIds,
        int threshold,
        boolean terminating,
        @Nullable List<String> paths,
        @Nullable List<String> pathHashPrefixes)
        implements JsonValue {

    public DelegatedRole {
        keyIds = List.copyOf(keyIds);
        if (threshold < 1) {
            throw new MalformedMetadataException("delegation threshold must be at least 1");
        }
        // TUF 1.0 section 4.5: exactly one of "paths" and "path_hash_prefixes".
        if ((paths == null) == (pathHashPrefixes == null)) {
            throw new MalformedMetadataException("a delegation needs exactly one of paths and path_hash_prefixes");
        }
        paths = paths == null ? null : List.copyOf(paths);
        pathHashPrefixes = pathHashPrefixes == null ? null : List.copyOf(pathHashPrefixes);
    }

    public static DelegatedRole forPaths(
            String name, List<String> keyIds, int threshold, boolean terminating, List<String> paths) {
        return new DelegatedRole(name, keyIds, threshold, terminating, paths, null);
    }

    /** TUF 1.0 section 4.5 / 5.6.7.2: whether this delegation is trusted for the target path. */
    public boolean covers(String targetPath) {
        if (paths != null) {
            return paths.stream().anyMatch(p -> PathPattern.matches(p, targetPath));
        }
        String hash = Hashing.sha256Hex(targetPath.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Objects.requireNonNull(pathHashPrefixes, "a delegation has paths or path hash prefixes").stream()
                .anyMatch(hash::startsWith);
    }

    @Override
    public Object toJsonValue() {
        var out = new LinkedHashMap<String, Object>();
        out.put("name", name);
        out.put("keyids", keyIds);
        out.put("threshold", threshold);
        out.put("terminating", terminating);
        if (paths != null) {
            out.put("paths", paths);
        } else {
            out.put("path_hash_prefixes", pathHashPrefixes);
        }
        return out;
    }

    public static DelegatedRole fromJson(Object json) {
        var m = Json.object(json, "delegated role");
        return new DelegatedRole(
                Json.string(m, "name"),
                Json.strings(m, "keyids"),
                (int) Json.integer(m, "threshold"),
                Json.bool(m, "terminating", false),
                m.containsKey("paths") ? Json.strings(m, "paths") : null,
                m.containsKey("path_hash_prefixes") ? Json.strings(m, "path_hash_prefixes") : null);
    }

    public RoleKeys roleKeys() {
        return new RoleKeys(keyIds, threshold);
    }
}

package dev.ota.uptane.metadata;

import dev.ota.uptane.crypto.TufKey;
import dev.ota.uptane.json.Json;
import dev.ota.uptane.json.MalformedMetadataException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Root metadata (TUF 1.0 section 4.3): the keys and thresholds of the four top-level roles. */
public record Root(
        String specVersion,
        long version,
        Instant expires,
        boolean consistentSnapshot,
        Map<String, TufKey> keys,
        Map<RoleType, RoleKeys> roles)
        implements RoleMetadata {

    public Root {
        keys = Map.copyOf(keys);
        roles = Map.copyOf(roles);
        for (RoleType r : RoleType.values()) {
            if (!roles.containsKey(r)) {
                throw new MalformedMetadataException("root must define role " + r.wireName());
            }
        }
        for (var e : keys.entrySet()) {
            // TUF 1.0 section 4.2: the key id is the hash of the key, so a mismatch is a forged key entry.
            if (!e.getKey().equals(e.getValue().keyId())) {
                throw new MalformedMetadataException("key id " + e.getKey() + " is not the SHA-256 of its key");
            }
        }
    }

    public static Root create(long version, Instant expires, Map<RoleType, RoleKeys> roles, Iterable<TufKey> keys) {
        var keyMap = new LinkedHashMap<String, TufKey>();
        keys.forEach(k -> keyMap.put(k.keyId(), k));
        return new Root(SPEC_VERSION, version, expires, true, keyMap, roles);
    }

    @Override
    public RoleType type() {
        return RoleType.ROOT;
    }

    public RoleKeys role(RoleType type) {
        return Objects.requireNonNull(roles.get(type), "root lists every top-level role");
    }

    public Root withVersion(long newVersion, Instant newExpires) {
        return new Root(specVersion, newVersion, newExpires, consistentSnapshot, keys, roles);
    }

    @Override
    public Object toJsonValue() {
        var out = RoleMetadata.common(this);
        out.put("consistent_snapshot", consistentSnapshot);
        var keyJson = new TreeMap<String, Object>();
        keys.forEach((id, k) -> keyJson.put(id, k.toJsonValue()));
        out.put("keys", keyJson);
        var roleJson = new TreeMap<String, Object>();
        roles.forEach((r, k) -> roleJson.put(r.wireName(), k.toJsonValue()));
        out.put("roles", roleJson);
        return out;
    }

    public static Root fromJson(Map<String, Object> signed) {
        RoleMetadata.requireType(signed, RoleType.ROOT);
        var keys = new LinkedHashMap<String, TufKey>();
        Json.object(signed, "keys").forEach((id, k) -> keys.put(id, TufKey.fromJson(k)));
        var roles = new LinkedHashMap<RoleType, RoleKeys>();
        Json.object(signed, "roles").forEach((name, r) -> {
            RoleType type = RoleType.fromWire(name);
            roles.put(type, RoleKeys.fromJson(r));
        });
        return new Root(
                Json.string(signed, "spec_version"),
                Json.integer(signed, "version"),
                RoleMetadata.parseExpires(signed),
                Json.bool(signed, "consistent_snapshot", false),
                keys,
                roles);
    }
}

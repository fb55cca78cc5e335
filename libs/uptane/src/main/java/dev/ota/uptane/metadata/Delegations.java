package dev.ota.uptane.metadata;

import dev.ota.uptane.crypto.TufKey;
import dev.ota.uptane.json.Json;
import dev.ota.uptane.json.JsonValue;
import dev.ota.uptane.json.MalformedMetadataException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The DELEGATIONS object of targets metadata (TUF 1.0 section 4.5): keys, and roles in priority order. */
public record Delegations(Map<String, TufKey> keys, List<DelegatedRole> roles) implements JsonValue {

    public Delegations {
        keys = Map.copyOf(keys);
        roles = List.copyOf(roles);
        var names = new HashSet<String>();
        for (DelegatedRole r : roles) {
            if (!names.add(r.name())) {
                throw new MalformedMetadataException("duplicate delegated role " + r.name());
            }
        }
        for (var e : keys.entrySet()) {
            if (!e.getKey().equals(e.getValue().keyId())) {
                throw new MalformedMetadataException("key id " + e.getKey() + " is not the SHA-256 of its key");
            }
        }
    }

    public static Delegations of(Iterable<TufKey> keys, List<DelegatedRole> roles) {
        var map = new LinkedHashMap<String, TufKey>();
        keys.forEach(k -> map.put(k.keyId(), k));
        return new Delegations(map, roles);
    }

    @Override
    public Object toJsonValue() {
        var keyJson = new TreeMap<String, Object>();
        keys.forEach((id, k) -> keyJson.put(id, k.toJsonValue()));
        var roleJson = new ArrayList<Object>();
        roles.forEach(r -> roleJson.add(r.toJsonValue()));
        return Map.of("keys", keyJson, "roles", roleJson);
    }

    public static Delegations fromJson(Object json) {
        var m = Json.object(json, "delegations");
        var keys = new LinkedHashMap<String, TufKey>();
        Json.object(m, "keys").forEach((id, k) -> keys.put(id, TufKey.fromJson(k)));
        var roles = new ArrayList<DelegatedRole>();
        Json.array(m, "roles").forEach(r -> roles.add(DelegatedRole.fromJson(r)));
        return new Delegations(keys, roles);
    }

    public List<DelegatedRole> rolesFor(String targetPath) {
        return roles.stream().filter(r -> r.covers(targetPath)).toList();
    }
}

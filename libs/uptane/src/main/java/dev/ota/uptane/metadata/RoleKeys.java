package dev.ota.uptane.metadata;

import dev.ota.uptane.json.Json;
import dev.ota.uptane.json.JsonValue;
import dev.ota.uptane.json.MalformedMetadataException;
import java.util.List;
import java.util.Map;

/** The key ids trusted for a role and how many of them must sign (root's "roles" entries). */
public record RoleKeys(List<String> keyIds, int threshold) implements JsonValue {

    public RoleKeys {
        keyIds = List.copyOf(keyIds);
        // TUF 1.0 section 4.3: threshold is an integer >= 1.
        if (threshold < 1) {
            throw new MalformedMetadataException("threshold must be at least 1");
        }
        if (keyIds.stream().distinct().count() != keyIds.size()) {
            throw new MalformedMetadataException("duplicate key ids in a role");
        }
    }

    @Override
    public Object toJsonValue() {
        return Map.of("keyids", keyIds, "threshold", threshold);
    }

    public static RoleKeys fromJson(Object json) {
        var m = Json.object(json, "role");
        return new RoleKeys(Json.strings(m, "keyids"), (int) Json.integer(m, "threshold"));
    }
}

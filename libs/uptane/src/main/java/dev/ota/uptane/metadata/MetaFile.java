package dev.ota.uptane.metadata;

import dev.ota.uptane.json.Json;
import dev.ota.uptane.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A METAFILES entry of snapshot and timestamp (TUF 1.0 sections 4.4 and 4.6): version, optional length and hashes. */
public record MetaFile(long version, @Nullable Long length, Map<String, String> hashes) implements JsonValue {

    public MetaFile {
        hashes = Map.copyOf(hashes);
    }

    public static MetaFile of(long version) {
        return new MetaFile(version, null, Map.of());
    }

    @Override
    public Object toJsonValue() {
        var out = new LinkedHashMap<String, Object>();
        out.put("version", version);
        if (length != null) {
            out.put("length", length);
        }
        if (!hashes.isEmpty()) {
            out.put("hashes", hashes);
        }
        return out;
    }

    public static MetaFile fromJson(Object json) {
        var m = Json.object(json, "meta");
        return new MetaFile(
                Json.integer(m, "version"),
                Json.optionalInteger(m, "length"),
                m.containsKey("hashes") ? Json.stringMap(m, "hashes") : Map.of());
    }
}

package dev.ota.uptane.metadata;

import dev.ota.uptane.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Snapshot metadata (TUF 1.0 section 4.4): the version of targets.json and of every delegated targets role. */
public record Snapshot(String specVersion, long version, Instant expires, Map<String, MetaFile> meta)
        implements RoleMetadata {

    public Snapshot {
        meta = Map.copyOf(meta);
    }

    public Snapshot(long version, Instant expires, Map<String, MetaFile> meta) {
        this(SPEC_VERSION, version, expires, meta);
    }

    @Override
    public RoleType type() {
        return RoleType.SNAPSHOT;
    }

    @Override
    public Object toJsonValue() {
        var out = RoleMetadata.common(this);
        var metaJson = new TreeMap<String, Object>();
        meta.forEach((name, f) -> metaJson.put(name, f.toJsonValue()));
        out.put("meta", metaJson);
        return out;
    }

    public static Snapshot fromJson(Map<String, Object> signed) {
        RoleMetadata.requireType(signed, RoleType.SNAPSHOT);
        var meta = new LinkedHashMap<String, MetaFile>();
        Json.object(signed, "meta").forEach((name, f) -> meta.put(name, MetaFile.fromJson(f)));
        return new Snapshot(
                Json.string(signed, "spec_version"),
                Json.integer(signed, "version"),
                RoleMetadata.parseExpires(signed),
                meta);
    }
}

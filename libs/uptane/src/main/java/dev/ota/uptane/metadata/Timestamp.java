package dev.ota.uptane.metadata;

import dev.ota.uptane.json.Json;
import dev.ota.uptane.json.MalformedMetadataException;
import java.time.Instant;
import java.util.Map;

/** Timestamp metadata (TUF 1.0 section 4.6): the current snapshot.json, by version and, usually, hashes. */
public record Timestamp(String specVersion, long version, Instant expires, MetaFile snapshot) implements RoleMetadata {

    public Timestamp(long version, Instant expires, MetaFile snapshot) {
        this(SPEC_VERSION, version, expires, snapshot);
    }

    @Override
    public RoleType type() {
        return RoleType.TIMESTAMP;
    }

    @Override
    public Object toJsonValue() {
        var out = RoleMetadata.common(this);
        out.put("meta", Map.of("snapshot.json", snapshot.toJsonValue()));
        return out;
    }

    public static Timestamp fromJson(Map<String, Object> signed) {
        RoleMetadata.requireType(signed, RoleType.TIMESTAMP);
        var meta = Json.object(signed, "meta");
        if (!meta.containsKey("snapshot.json")) {
            throw new MalformedMetadataException("timestamp must describe snapshot.json");
        }
        return new Timestamp(
                Json.string(signed, "spec_version"),
                Json.integer(signed, "version"),
                RoleMetadata.parseExpires(signed),
                MetaFile.fromJson(meta.get("snapshot.json")));
    }
}

package dev.ota.uptane.metadata;

import dev.ota.uptane.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Targets metadata (TUF 1.0 section 4.5), top-level or delegated; also the director's per-vehicle targets. */
public record Targets(
        String specVersion,
        long version,
        Instant expires,
        Map<String, TargetFile> targets,
        @Nullable Delegations delegations)
        implements RoleMetadata {

    public Targets {
        targets = Map.copyOf(targets);
    }

    public Targets(long version, Instant expires, Map<String, TargetFile> targets, @Nullable Delegations delegations) {
        this(SPEC_VERSION, version, expires, targets, delegations);
    }

    @Override
    public RoleType type() {
        return RoleType.TARGETS;
    }

    @Override
    public Object toJsonValue() {
        var out = RoleMetadata.common(this);
        var targetJson = new TreeMap<String, Object>();
        targets.forEach((path, t) -> targetJson.put(path, t.toJsonValue()));
        out.put("targets", targetJson);
        if (delegations != null) {
            out.put("delegations", delegations.toJsonValue());
        }
        return out;
    }

    public static Targets fromJson(Map<String, Object> signed) {
        RoleMetadata.requireType(signed, RoleType.TARGETS);
        var targets = new LinkedHashMap<String, TargetFile>();
        Json.object(signed, "targets").forEach((path, t) -> targets.put(path, TargetFile.fromJson(t)));
        var delegations = signed.get("delegations");
        return new Targets(
                Json.string(signed, "spec_version"),
                Json.integer(signed, "version"),
                RoleMetadata.parseExpires(signed),
                targets,
                delegations == null ? null : Delegations.fromJson(delegations));
    }
}

package dev.ota.uptane.metadata;

import dev.ota.uptane.json.Json;
import dev.ota.uptane.json.JsonValue;
import dev.ota.uptane.json.MalformedMetadataException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** The "signed" part of a TUF metadata file. */
public sealed interface RoleMetadata extends JsonValue permits Root, Targets, Snapshot, Timestamp {

    /** The TUF specification version we write. */
    String SPEC_VERSION = "1.0.31";

    RoleType type();

    String specVersion();

    long version();

    Instant expires();

    /** TUF 1.0 section 4.2: expires is ISO 8601 "YYYY-MM-DDTHH:MM:SSZ", so whole seconds in UTC. */
    static String formatExpires(Instant expires) {
        return DateTimeFormatter.ISO_INSTANT.format(expires.truncatedTo(ChronoUnit.SECONDS));
    }

    static Map<String, Object> common(RoleMetadata m) {
        var out = new LinkedHashMap<String, Object>();
        out.put("_type", m.type().wireName());
        out.put("spec_version", m.specVersion());
        out.put("version", m.version());
        out.put("expires", formatExpires(m.expires()));
        return out;
    }

    /** The one form TUF 1.0 section 4.2 ("date-time") allows: no fraction of a second, no offset other than Z. */
    DateTimeFormatter EXPIRES_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withResolverStyle(ResolverStyle.STRICT)
            .withZone(ZoneOffset.UTC);

    /** Parses {@code expires} exactly as TUF 1.0 section 4.2 writes it, "YYYY-MM-DDTHH:MM:SSZ". */
    static Instant parseExpires(Map<String, Object> signed) {
        String expires = Json.string(signed, "expires");
        try {
            return LocalDateTime.parse(expires, EXPIRES_FORMAT).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new MalformedMetadataException("expires " + expires + " is not YYYY-MM-DDTHH:MM:SSZ", e);
        }
    }

    static void requireType(Map<String, Object> signed, RoleType expected) {
        String type = Json.string(signed, "_type");
        if (!expected.wireName().equals(type)) {
            throw new MalformedMetadataException("expected _type " + expected.wireName() + " but got " + type);
        }
        String spec = Json.string(signed, "spec_version");
        // TUF 1.0 section 4.2: a client must refuse metadata of another major specification version.
        if (!spec.equals("1") && !spec.startsWith("1.")) {
            throw new MalformedMetadataException("unsupported spec_version " + spec);
        }
    }

    /** Parses the "signed" object of any role by its {@code _type}. */
    static RoleMetadata fromJson(Map<String, Object> signed) {
        return switch (RoleType.fromWire(Json.string(signed, "_type"))) {
            case ROOT -> Root.fromJson(signed);
            case TARGETS -> Targets.fromJson(signed);
            case SNAPSHOT -> Snapshot.fromJson(signed);
            case TIMESTAMP -> Timestamp.fromJson(signed);
        };
    }
}

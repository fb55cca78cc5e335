package dev.ota.uptane.crypto;

import dev.ota.uptane.json.CanonicalJson;
import dev.ota.uptane.json.Json;
import dev.ota.uptane.json.JsonValue;
import dev.ota.uptane.json.MalformedMetadataException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A public key as TUF writes it: {@code {"keytype": .., "scheme": .., "keyval": {"public": ..}}}.
 *
 * <p>The key id is the hex SHA-256 of the canonical JSON of exactly this object (TUF 1.0 section 4.2, "KEYID"): not
 * of the DER key, not of the PEM text. Other fields found when parsing (e.g. {@code keyid_hash_algorithms}) are kept
 * and are part of the key id, as they are in every conforming implementation.
 */
public record TufKey(Scheme scheme, String publicValue, Map<String, Object> extra) implements JsonValue {

    public TufKey {
        extra = Map.copyOf(extra);
    }

    public TufKey(Scheme scheme, String publicValue) {
        this(scheme, publicValue, Map.of());
    }

    /** TUF 1.0 section 4.2: KEYID = hexdigest(sha256(canonical_json(key object))). */
    public String keyId() {
        return Hashing.sha256Hex(CanonicalJson.encode(this));
    }

    @Override
    public Object toJsonValue() {
        var m = new LinkedHashMap<String, Object>(extra);
        m.put("keytype", scheme.keyType());
        m.put("scheme", scheme.wireName());
        m.put("keyval", Map.of("public", publicValue));
        return m;
    }

    public static TufKey fromJson(Object json) {
        var m = Json.object(json, "key");
        var keyval = Json.object(m, "keyval");
        if (!(keyval.get("public") instanceof String pub)) {
            throw new MalformedMetadataException("keyval.public must be a string");
        }
        if (keyval.size() != 1) {
            throw new MalformedMetadataException("a public key object must not carry private material");
        }
        var extra = new LinkedHashMap<>(m);
        extra.remove("keytype");
        extra.remove("scheme");
        extra.remove("keyval");
        return new TufKey(Scheme.fromWire(Json.string(m, "keytype"), Json.string(m, "scheme")), pub, extra);
    }
}

package dev.ota.uptane.crypto;

import dev.ota.uptane.json.CanonicalJson;
import dev.ota.uptane.json.Json;
import dev.ota.uptane.json.JsonValue;
import dev.ota.uptane.json.MalformedMetadataException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A public key as TUF writes it: {@code {"keytype": .., "scheme": .., "keyval": {"public": ..}}}.
 *
 * <p>The key id is the hex SHA-256 of the canonical JSON of exactly this object as written (TUF 1.0 section 4.2,
 * "KEYID"): not of the DER key, not of the PEM text. The {@code keytype} is kept as written ({@code ecdsa} and {@code
 * ecdsa-sha2-nistp256} are both in use for ECDSA keys), and so are other fields found when parsing (e.g. {@code
 * keyid_hash_algorithms}): both are part of the key id, as they are in every conforming implementation.
 *
 * <p>An ECDSA key must be on the curve its scheme names (P-256 for {@code ecdsa-sha2-nistp256}).
 *
 * @param keyType the {@code keytype} as written, one of the spellings {@link Scheme#fromWire} accepts for the scheme
 */
public record TufKey(Scheme scheme, String keyType, String publicValue, Map<String, Object> extra)
        implements JsonValue {

    public TufKey {
        extra = Map.copyOf(extra);
        if (Scheme.fromWire(keyType, scheme.wireName()) != scheme) {
            throw new MalformedMetadataException("key type " + keyType + " does not go with scheme " + scheme);
        }
        if (scheme == Scheme.ECDSA_SHA2_NISTP256) {
            Curves.requireP256(Pem.decodePublicKey(publicValue, "EC"));
        }
    }

    public TufKey(Scheme scheme, String publicValue, Map<String, Object> extra) {
        this(scheme, scheme.keyType(), publicValue, extra);
    }

    public TufKey(Scheme scheme, String publicValue) {
        this(scheme, scheme.keyType(), publicValue, Map.of());
    }

    /** TUF 1.0 section 4.2: KEYID = hexdigest(sha256(canonical_json(key object))). */
    public String keyId() {
        return Hashing.sha256Hex(CanonicalJson.encode(this));
    }

    @Override
    public Object toJsonValue() {
        var m = new LinkedHashMap<String, Object>(extra);
        m.put("keytype", keyType);
        m.put("scheme", scheme.wireName());
        m.put("keyval", Map.of("public", publicValue));
        return m;
    }

    public static TufKey fromJson(@Nullable Object json) {
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
        String keyType = Json.string(m, "keytype");
        return new TufKey(Scheme.fromWire(keyType, Json.string(m, "scheme")), keyType, pub, extra);
    }
}

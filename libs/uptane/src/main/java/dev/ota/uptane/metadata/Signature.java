package dev.ota.uptane.metadata;

import dev.ota.uptane.json.Json;
import dev.ota.uptane.json.JsonValue;
import java.util.Map;

/** One signature of a signed document: {@code {"keyid": .., "sig": ..}} with the signature in lower-case hex. */
public record Signature(String keyId, String sig) implements JsonValue {

    @Override
    public Object toJsonValue() {
        return Map.of("keyid", keyId, "sig", sig);
    }

    public static Signature fromJson(Object json) {
        var m = Json.object(json, "signature");
        return new Signature(Json.string(m, "keyid"), Json.string(m, "sig"));
    }
}

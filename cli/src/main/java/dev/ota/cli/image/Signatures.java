package dev.ota.cli.image;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Who signed an image, as signing-service's release API lists it ({@code signatures}: principal, role, key id, time),
 * in one line for people: {@code rita released into release with key 7e7e7e7e7e7e… at 2026-03-02T10:15:00Z}.
 */
public final class Signatures {

    private static final int KEY_ID_SHOWN = 12;

    private Signatures() {}

    public static List<String> lines(JsonNode image) {
        List<String> lines = new ArrayList<>();
        image.path("signatures").forEach(signature -> {
            String keyId = signature.path("keyId").asString("");
            lines.add(signature.path("principal").asString("?") + " "
                    + signature.path("action").asString("").toLowerCase(java.util.Locale.ROOT) + " into "
                    + signature.path("role").asString("?") + " with key "
                    + (keyId.length() > KEY_ID_SHOWN ? keyId.substring(0, KEY_ID_SHOWN) + "…" : keyId) + " at "
                    + signature.path("signedAt").asString("?"));
        });
        return lines;
    }
}

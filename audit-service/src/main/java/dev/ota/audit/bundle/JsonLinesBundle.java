package dev.ota.audit.bundle;

import dev.ota.audit.merkle.Hashes;
import dev.ota.audit.note.Checkpoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Lines: a header line ({@code format, subject, treeSize, rootHash, checkpoint}) then one line per entry ({@code
 * index, type, eventId, occurredAt, leafHash, payload (base64), proof}). Fields appear in this order, compact, each
 * line ending in a newline.
 */
public final class JsonLinesBundle {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonLinesBundle() {}

    public static byte[] write(Bundle bundle) {
        Checkpoint checkpoint = bundle.parsedCheckpoint();
        StringBuilder out = new StringBuilder();
        ObjectNode header = JSON.createObjectNode()
                .put("format", Bundle.FORMAT)
                .put("subject", bundle.subject())
                .put("treeSize", checkpoint.treeSize())
                .put("rootHash", Hashes.hex(checkpoint.rootHash()))
                .put("checkpoint", bundle.checkpoint());
        out.append(JSON.writeValueAsString(header)).append('\n');
        for (Bundle.Entry entry : bundle.entries()) {
            EventFacts facts = EventFacts.of(entry.payload());
            ObjectNode line = JSON.createObjectNode()
                    .put("index", entry.index())
                    .put("type", facts.type())
                    .put("eventId", facts.eventId())
                    .put("occurredAt", facts.occurredAt())
                    .put("leafHash", Hashes.hex(entry.leafHash()))
                    .put("payload", Base64.getEncoder().encodeToString(entry.payload()));
            ArrayNode proof = line.putArray("proof");
            entry.proof().forEach(h -> proof.add(Hashes.hex(h)));
            out.append(JSON.writeValueAsString(line)).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the bundle's content; whether its derived fields are true is the verifier's business. */
    static Bundle read(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("a bundle ends with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        JsonNode header = JSON.readTree(lines[0]);
        if (!Bundle.FORMAT.equals(header.path("format").asString(""))) {
            throw new IllegalArgumentException("not an " + Bundle.FORMAT + " bundle");
        }
        List<Bundle.Entry> entries = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            JsonNode line = JSON.readTree(lines[i]);
            List<byte[]> proof = new ArrayList<>();
            line.path("proof").forEach(h -> proof.add(Hashes.fromHex(h.asString())));
            entries.add(new Bundle.Entry(
                    line.path("index").asLong(-1),
                    Base64.getDecoder().decode(line.path("payload").asString("")),
                    proof));
        }
        return new Bundle(
                header.path("subject").asString(""), header.path("checkpoint").asString(""), entries);
    }
}

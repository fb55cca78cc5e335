package dev.ota.audit.bundle;

import dev.ota.audit.merkle.Hashes;
import dev.ota.audit.note.Checkpoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * CSV (RFC 4180 without quoting: no field can contain a comma, quote or line break). Line 1 and 2 are the header and
 * values {@code format,subject,tree_size,root_hash,checkpoint_base64}; line 3 names the entry columns {@code
 * index,event_type,event_id,occurred_at,leaf_hash,payload_base64,proof}, the proof being hex hashes separated by
 * spaces; then one line per entry. Lines end in CRLF as RFC 4180 says.
 */
public final class CsvBundle {

    static final String HEADER = "format,subject,tree_size,root_hash,checkpoint_base64";
    static final String COLUMNS = "index,event_type,event_id,occurred_at,leaf_hash,payload_base64,proof";
    private static final String EOL = "\r\n";

    private CsvBundle() {}

    public static byte[] write(Bundle bundle) {
        Checkpoint checkpoint = bundle.parsedCheckpoint();
        StringBuilder out = new StringBuilder();
        out.append(HEADER).append(EOL);
        row(
                out,
                Bundle.FORMAT,
                bundle.subject(),
                Long.toString(checkpoint.treeSize()),
                Hashes.hex(checkpoint.rootHash()),
                base64(bundle.checkpoint().getBytes(StandardCharsets.UTF_8)));
        out.append(COLUMNS).append(EOL);
        for (Bundle.Entry entry : bundle.entries()) {
            EventFacts facts = EventFacts.of(entry.payload());
            row(
                    out,
                    Long.toString(entry.index()),
                    facts.type(),
                    facts.eventId(),
                    facts.occurredAt(),
                    Hashes.hex(entry.leafHash()),
                    base64(entry.payload()),
                    String.join(" ", entry.proof().stream().map(Hashes::hex).toList()));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Bundle read(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.endsWith(EOL)) {
            throw new IllegalArgumentException("a CSV bundle ends with CRLF");
        }
        String[] lines = text.substring(0, text.length() - EOL.length()).split(EOL, -1);
        if (lines.length < 3 || !lines[0].equals(HEADER) || !lines[2].equals(COLUMNS)) {
            throw new IllegalArgumentException("not an " + Bundle.FORMAT + " CSV bundle");
        }
        String[] head = fields(lines[1], 5);
        if (!head[0].equals(Bundle.FORMAT)) {
            throw new IllegalArgumentException("not an " + Bundle.FORMAT + " CSV bundle");
        }
        List<Bundle.Entry> entries = new ArrayList<>();
        for (int i = 3; i < lines.length; i++) {
            String[] f = fields(lines[i], 7);
            List<byte[]> proof = f[6].isEmpty()
                    ? List.of()
                    : Arrays.stream(f[6].split(" ", -1)).map(Hashes::fromHex).toList();
            entries.add(
                    new Bundle.Entry(Long.parseLong(f[0]), Base64.getDecoder().decode(f[5]), proof));
        }
        return new Bundle(head[1], new String(Base64.getDecoder().decode(head[4]), StandardCharsets.UTF_8), entries);
    }

    private static void row(StringBuilder out, String... fields) {
        for (String field : fields) {
            if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
                throw new IllegalArgumentException("field cannot be written without quoting: " + field);
            }
        }
        out.append(String.join(",", fields)).append(EOL);
    }

    private static String[] fields(String line, int count) {
        String[] fields = line.split(",", -1);
        if (fields.length != count) {
            throw new IllegalArgumentException("expected " + count + " fields in: " + line);
        }
        return fields;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}

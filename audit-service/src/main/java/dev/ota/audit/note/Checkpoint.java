package dev.ota.audit.note;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;

/**
 * A tree head in the C2SP tlog-checkpoint text format: origin line, decimal tree size, standard base64 of the root hash,
 * then one extension line {@code timestamp <ISO-8601 instant>} carrying when it was signed (RFC 9162 §4.10 signs a
 * timestamp with every tree head).
 */
public record Checkpoint(String origin, long treeSize, byte[] rootHash, Instant timestamp) {

    private static final String TIMESTAMP = "timestamp ";

    public Checkpoint {
        if (origin.isBlank() || origin.contains("\n")) {
            throw new IllegalArgumentException("origin must be one non-empty line");
        }
        if (treeSize < 0 || rootHash.length != 32) {
            throw new IllegalArgumentException("a checkpoint needs a size >= 0 and a 32-byte root hash");
        }
        timestamp = timestamp.truncatedTo(ChronoUnit.MILLIS);
    }

    /** The note body that is signed, ending in a newline. */
    public String body() {
        return origin + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n" + TIMESTAMP
                + timestamp + "\n";
    }

    /** Parses a body this class wrote; refuses anything that would not be written back byte for byte. */
    public static Checkpoint parse(String body) {
        List<String> lines = List.of(body.split("\n", -1));
        if (lines.size() != 5 || !lines.get(4).isEmpty() || !lines.get(3).startsWith(TIMESTAMP)) {
            throw new IllegalArgumentException("not a checkpoint body of this log");
        }
        try {
            Checkpoint checkpoint = new Checkpoint(
                    lines.get(0),
                    Long.parseLong(lines.get(1)),
                    Base64.getDecoder().decode(lines.get(2)),
                    Instant.parse(lines.get(3).substring(TIMESTAMP.length())));
            if (!checkpoint.body().equals(body)) {
                throw new IllegalArgumentException("checkpoint body is not in canonical form");
            }
            return checkpoint;
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("not a checkpoint body: " + e.getMessage(), e);
        }
    }
}

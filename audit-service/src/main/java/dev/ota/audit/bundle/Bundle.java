package dev.ota.audit.bundle;

import dev.ota.audit.merkle.Hashes;
import dev.ota.audit.note.Checkpoint;
import dev.ota.audit.note.SignedNote;
import java.util.List;

/**
 * Entries of the log with the proofs that tie them to a signed checkpoint.
 *
 * @param subject what was selected, checked against every entry: {@code vin <VIN>}, {@code campaign <uuid>} or {@code
 *     events <from> <to> <type|*>}
 * @param checkpoint the signed note (C2SP) all proofs lead to
 */
public record Bundle(String subject, String checkpoint, List<Entry> entries) {

    public static final String FORMAT = "ota-audit-bundle/1";

    /**
     * @param payload the event exactly as logged; its leaf hash is {@code SHA-256(0x00 || payload)}
     * @param proof the inclusion path (RFC 9162 §2.1.3.1) of the leaf in the checkpoint's tree
     */
    public record Entry(long index, byte[] payload, List<byte[]> proof) {
        public byte[] leafHash() {
            return Hashes.leaf(payload);
        }
    }

    public Bundle {
        entries = List.copyOf(entries);
    }

    Checkpoint parsedCheckpoint() {
        return Checkpoint.parse(SignedNote.parse(checkpoint).body());
    }
}

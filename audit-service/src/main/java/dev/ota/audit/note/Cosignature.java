package dev.ota.audit.note;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * A witness's cosignature of a checkpoint (C2SP tlog-cosignature/v1). The witness signs {@code "cosignature/v1\ntime
 * <seconds>\n"} followed by the checkpoint body; on the note's signature line the blob is key hash (4 bytes) ||
 * time (8 bytes, big-endian seconds since the epoch) || Ed25519 signature (64 bytes).
 *
 * @param time when the witness cosigned, in seconds since the epoch
 */
public record Cosignature(String witnessName, byte[] keyHash, long time, byte[] signature) {

    private static final int BLOB = 8 + 64;

    public Cosignature {
        if (keyHash.length != 4 || signature.length != 64 || time < 0) {
            throw new IllegalArgumentException("a cosignature has a 4-byte key hash, a time and a 64-byte signature");
        }
        keyHash = keyHash.clone();
        signature = signature.clone();
    }

    /** The message a witness signs for a checkpoint body at a time. */
    public static byte[] message(String checkpointBody, long time) {
        return WitnessKey.utf8("cosignature/v1\ntime " + time + "\n" + checkpointBody);
    }

    /** This cosignature as a signature line of a signed note. */
    public SignedNote.Signature line() {
        byte[] blob = ByteBuffer.allocate(BLOB).putLong(time).put(signature).array();
        return new SignedNote.Signature(witnessName, keyHash, blob);
    }

    /** The cosignature a note's signature line carries, if it has the cosignature/v1 shape. */
    public static Optional<Cosignature> of(SignedNote.Signature line) {
        if (line.signature().length != BLOB) {
            return Optional.empty();
        }
        ByteBuffer blob = ByteBuffer.wrap(line.signature());
        long time = blob.getLong();
        if (time < 0) {
            return Optional.empty();
        }
        return Optional.of(
                new Cosignature(line.keyName(), line.keyHash(), time, Arrays.copyOfRange(line.signature(), 8, BLOB)));
    }

    /** Parses one signature line as written in a note ({@code — <name> <base64>}). */
    public static Cosignature parseLine(String line) {
        String text = line.endsWith("\n") ? line : line + "\n";
        SignedNote carrier = SignedNote.parse("x\n\n" + text);
        if (carrier.signatures().size() != 1) {
            throw new IllegalArgumentException("one cosignature line expected");
        }
        return of(carrier.signatures().getFirst())
                .orElseThrow(() -> new IllegalArgumentException("not a cosignature/v1 line"));
    }

    /** The line as it appears in a note, without the newline. */
    public String text() {
        String note = new SignedNote("x\n", java.util.List.of(line())).text();
        return note.substring(3, note.length() - 1);
    }
}

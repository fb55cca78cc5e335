package dev.ota.audit.checkpoint;

import dev.ota.audit.note.Checkpoint;
import dev.ota.audit.note.SignedNote;

/** A checkpoint as kept by the log: the parsed tree head and the signed note exactly as issued. */
public record StoredCheckpoint(long id, Checkpoint checkpoint, String note) {

    public SignedNote signedNote() {
        return SignedNote.parse(note);
    }
}

package dev.ota.audit.bundle;

import dev.ota.audit.merkle.ProofVerifier;
import dev.ota.audit.note.Checkpoint;
import dev.ota.audit.note.NoteKey;
import dev.ota.audit.note.SignedNote;
import java.util.Arrays;
import java.util.List;

/**
 * Checks a bundle with nothing but the log's public key: the checkpoint's signature, each entry's inclusion proof
 * against the signed root (RFC 9162 §2.1.3.2), that every entry fits the bundle's subject, and that the file is
 * byte for byte what its checked content produces, so no byte can change unnoticed.
 */
public final class BundleVerifier {

    /** The outcome, with a sentence for people. */
    public record Result(boolean valid, int entries, long treeSize, String message) {}

    private BundleVerifier() {}

    public static Result verify(byte[] bytes, NoteKey key) {
        return verify(bytes, key, WitnessPolicy.NONE);
    }

    /** Also requires {@code witnesses.required()} of the trusted witnesses to have cosigned the checkpoint. */
    public static Result verify(byte[] bytes, NoteKey key, WitnessPolicy witnesses) {
        try {
            return check(bytes, key, witnesses);
        } catch (RuntimeException unreadable) {
            return invalid("the bundle cannot be read: " + unreadable.getMessage());
        }
    }

    private static Result check(byte[] bytes, NoteKey key, WitnessPolicy witnesses) {
        boolean json = bytes.length > 0 && bytes[0] == '{';
        Bundle bundle = json ? JsonLinesBundle.read(bytes) : CsvBundle.read(bytes);
        byte[] canonical = json ? JsonLinesBundle.write(bundle) : CsvBundle.write(bundle);
        if (!Arrays.equals(canonical, bytes)) {
            return invalid("the bundle has been altered: it differs from what its own content produces");
        }
        SignedNote note = SignedNote.parse(bundle.checkpoint());
        Checkpoint checkpoint = Checkpoint.parse(note.body());
        if (!note.verifiedBy(key) || !checkpoint.origin().equals(key.name())) {
            return invalid("the checkpoint is not signed by " + key.verifierKey());
        }
        List<String> cosigners = witnesses.cosigners(note);
        if (cosigners.size() < witnesses.required()) {
            return invalid("the checkpoint is cosigned by " + cosigners.size() + " of the trusted witnesses "
                    + cosigners + "; " + witnesses.required() + " required");
        }
        Subject subject = Subject.parse(bundle.subject());
        List<EventFacts> facts =
                bundle.entries().stream().map(e -> EventFacts.of(e.payload())).toList();
        long previous = -1;
        for (int i = 0; i < bundle.entries().size(); i++) {
            Bundle.Entry entry = bundle.entries().get(i);
            if (entry.index() <= previous) {
                return invalid("entry " + entry.index() + " is out of log order or repeated");
            }
            previous = entry.index();
            if (!ProofVerifier.inclusion(
                    entry.leafHash(), entry.index(), checkpoint.treeSize(), entry.proof(), checkpoint.rootHash())) {
                return invalid("entry " + entry.index() + " is not in the tree of size " + checkpoint.treeSize()
                        + " that the checkpoint signs");
            }
            String misfit = subject.misfit(facts.get(i), facts);
            if (misfit != null) {
                return invalid("entry " + entry.index() + " " + misfit);
            }
        }
        return new Result(
                true,
                bundle.entries().size(),
                checkpoint.treeSize(),
                "OK: " + bundle.entries().size() + " entries (" + subject + ") are in the log " + checkpoint.origin()
                        + " of size " + checkpoint.treeSize() + " signed at " + checkpoint.timestamp()
                        + (cosigners.isEmpty() ? "" : ", cosigned by " + String.join(", ", cosigners)));
    }

    private static Result invalid(String message) {
        return new Result(false, 0, 0, "INVALID: " + message);
    }
}

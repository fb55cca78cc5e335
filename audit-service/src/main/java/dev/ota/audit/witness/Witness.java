package dev.ota.audit.witness;

import dev.ota.audit.merkle.ProofVerifier;
import dev.ota.audit.note.Checkpoint;
import dev.ota.audit.note.Cosignature;
import dev.ota.audit.note.NoteKey;
import dev.ota.audit.note.SignedNote;
import dev.ota.audit.note.WitnessSigner;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether to cosign a checkpoint of one log, and cosigns it. A checkpoint is cosigned only when:
 *
 * <ol>
 *   <li>the log's key signed it and its origin is the log's name;
 *   <li>it does not roll back: its tree is not smaller than the last one this witness cosigned;
 *   <li>it does not fork: at the same size it has the same root, and at a larger size the consistency proof (RFC 9162
 *       §2.1.4.2) shows that the last cosigned tree is a prefix of it.
 * </ol>
 *
 * The state moves forward before the cosignature is handed out, so a witness never cosigns two trees that are not
 * consistent with each other. The first checkpoint a witness sees is trusted as it is (trust on first use); start a
 * witness from a checkpoint obtained out of band by writing it to the state first.
 */
public final class Witness {

    /** What the witness answered. */
    public sealed interface Answer {
        String message();
    }

    public record Cosigned(Cosignature cosignature, String message) implements Answer {}

    public record Refused(Reason reason, String message) implements Answer {}

    public enum Reason {
        NOT_SIGNED_BY_LOG,
        ROLLBACK,
        FORK,
        INCONSISTENT
    }

    private final NoteKey log;
    private final WitnessSigner signer;
    private final WitnessState state;
    private final Clock clock;

    public Witness(NoteKey log, WitnessSigner signer, WitnessState state, Clock clock) {
        this.log = log;
        this.signer = signer;
        this.state = state;
        this.clock = clock;
    }

    /** The size of the last checkpoint cosigned, the {@code old} size a log must prove consistency from. */
    public Optional<Long> lastCosignedSize() {
        return state.last(log.name()).map(Checkpoint::treeSize);
    }

    /**
     * @param note the checkpoint as a signed note (extra signature lines, for instance other witnesses', are ignored)
     * @param consistency the proof from the last cosigned size to the checkpoint's size (empty for the first one)
     */
    public synchronized Answer add(String note, List<byte[]> consistency) {
        SignedNote signed;
        Checkpoint checkpoint;
        try {
            signed = SignedNote.parse(note);
            checkpoint = Checkpoint.parse(signed.body());
        } catch (IllegalArgumentException unreadable) {
            return new Refused(Reason.NOT_SIGNED_BY_LOG, "not a checkpoint note: " + unreadable.getMessage());
        }
        if (!signed.verifiedBy(log) || !checkpoint.origin().equals(log.name())) {
            return new Refused(Reason.NOT_SIGNED_BY_LOG, "the checkpoint is not signed by " + log.verifierKey());
        }
        Optional<Checkpoint> last = state.last(log.name());
        if (last.isPresent()) {
            Checkpoint old = last.get();
            if (checkpoint.treeSize() < old.treeSize()) {
                return new Refused(
                        Reason.ROLLBACK,
                        "rollback: size " + checkpoint.treeSize() + " is smaller than the cosigned size "
                                + old.treeSize());
            }
            if (checkpoint.treeSize() == old.treeSize()
                    && !MessageDigest.isEqual(checkpoint.rootHash(), old.rootHash())) {
                return new Refused(
                        Reason.FORK, "fork: size " + old.treeSize() + " was cosigned with a different root hash");
            }
            if (!ProofVerifier.consistency(
                    old.treeSize(), checkpoint.treeSize(), old.rootHash(), checkpoint.rootHash(), consistency)) {
                return new Refused(
                        Reason.INCONSISTENT,
                        "the proof does not show that size " + checkpoint.treeSize() + " extends the cosigned size "
                                + old.treeSize());
            }
            if (checkpoint.timestamp().isBefore(old.timestamp())) {
                return new Refused(
                        Reason.ROLLBACK,
                        "rollback: signed at " + checkpoint.timestamp() + ", before the cosigned checkpoint of "
                                + old.timestamp());
            }
        }
        state.advance(log.name(), checkpoint);
        Cosignature cosignature =
                signer.cosign(checkpoint.body(), clock.instant().getEpochSecond());
        return new Cosigned(
                cosignature,
                "cosigned size " + checkpoint.treeSize() + " of " + log.name()
                        + last.map(o -> " (consistent with size " + o.treeSize() + ")")
                                .orElse(" (first checkpoint seen)"));
    }
}

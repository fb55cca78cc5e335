package dev.ota.audit.checkpoint;

import dev.ota.audit.note.Cosignature;
import dev.ota.audit.note.SignedNote;
import dev.ota.audit.note.WitnessKey;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Witness cosignatures of the log's checkpoints: accepted only from configured witness keys and only when they verify
 * over a checkpoint this log signed; stored append-only; shown as extra signature lines of the checkpoint's note (the
 * C2SP form of a cosigned checkpoint, which verifiers that do not know the witnesses simply ignore).
 */
@Service
public class Cosignatures {

    /** What became of a submitted cosignature. */
    public sealed interface Outcome {}

    public record Stored(StoredCheckpoint checkpoint, Cosignature cosignature) implements Outcome {}

    public record AlreadyStored(StoredCheckpoint checkpoint, Cosignature cosignature) implements Outcome {}

    public record UnknownCheckpoint(String reason) implements Outcome {}

    public record UnknownWitness(String reason) implements Outcome {}

    public record Invalid(String reason) implements Outcome {}

    private static final RowMapper<Cosignature> ROW = (rs, row) -> new Cosignature(
            rs.getString("witness_name"), rs.getBytes("key_hash"), rs.getLong("cosigned_at"), rs.getBytes("signature"));

    private final Checkpoints checkpoints;
    private final List<WitnessKey> witnesses;
    private final JdbcTemplate jdbc;
    private final Clock clock = Clock.systemUTC();

    Cosignatures(Checkpoints checkpoints, WitnessProperties properties, JdbcTemplate jdbc) {
        this.checkpoints = checkpoints;
        this.witnesses = properties.keys().stream()
                .filter(k -> !k.isBlank())
                .map(WitnessKey::parseVerifierKey)
                .toList();
        this.jdbc = jdbc;
    }

    public List<WitnessKey> witnesses() {
        return witnesses;
    }

    /**
     * @param note the checkpoint the witness cosigned, as a signed note (its body must be one this log signed)
     * @param line the cosignature line, {@code — <witness name> <base64(key hash || time || signature)>}
     */
    @Transactional
    public Outcome submit(String note, String line) {
        String body;
        Cosignature cosignature;
        try {
            body = SignedNote.parse(note).body();
            cosignature = Cosignature.parseLine(line);
        } catch (IllegalArgumentException unreadable) {
            return new Invalid("not a checkpoint note and a cosignature line: " + unreadable.getMessage());
        }
        Optional<StoredCheckpoint> checkpoint = checkpoints.withBody(body);
        if (checkpoint.isEmpty()) {
            return new UnknownCheckpoint("this log signed no checkpoint with that body");
        }
        Optional<WitnessKey> witness = witnesses.stream()
                .filter(w ->
                        w.name().equals(cosignature.witnessName()) && Arrays.equals(w.keyHash(), cosignature.keyHash()))
                .findFirst();
        if (witness.isEmpty()) {
            return new UnknownWitness("'" + cosignature.witnessName() + "' is not a configured witness key");
        }
        if (!witness.get().verifies(cosignature, body)) {
            return new Invalid("the cosignature does not verify over the checkpoint with "
                    + witness.get().verifierKey());
        }
        int inserted = jdbc.update(
                """
                insert into checkpoint_cosignature
                    (checkpoint_id, witness_name, key_hash, cosigned_at, signature, received_at)
                values (?, ?, ?, ?, ?, ?)
                on conflict do nothing
                """,
                checkpoint.get().id(),
                cosignature.witnessName(),
                cosignature.keyHash(),
                cosignature.time(),
                cosignature.signature(),
                Timestamp.from(clock.instant()));
        return inserted == 1
                ? new Stored(checkpoint.get(), cosignature)
                : new AlreadyStored(checkpoint.get(), cosignature);
    }

    /** The stored cosignatures of a checkpoint, in the order they arrived. */
    public List<Cosignature> of(StoredCheckpoint checkpoint) {
        return jdbc.query(
                "select witness_name, key_hash, cosigned_at, signature from checkpoint_cosignature"
                        + " where checkpoint_id = ? order by received_at, witness_name",
                ROW,
                checkpoint.id());
    }

    /** The checkpoint's note with a signature line per stored cosignature after the log's own. */
    public String cosignedNote(StoredCheckpoint checkpoint) {
        List<Cosignature> cosignatures = of(checkpoint);
        if (cosignatures.isEmpty()) {
            return checkpoint.note();
        }
        SignedNote note = checkpoint.signedNote();
        List<SignedNote.Signature> lines = new ArrayList<>(note.signatures());
        cosignatures.forEach(c -> lines.add(c.line()));
        return new SignedNote(note.body(), lines).text();
    }

    /** The newest checkpoint of at least {@code size} entries that some witness cosigned. */
    public Optional<StoredCheckpoint> newestCosignedCovering(long size) {
        return checkpoints.firstWhere(
                "tree_size >= ? and exists (select 1 from checkpoint_cosignature s where s.checkpoint_id = checkpoint.id)"
                        + " order by tree_size desc, id desc",
                size);
    }
}

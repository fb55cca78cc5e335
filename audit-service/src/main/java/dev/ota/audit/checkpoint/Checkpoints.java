package dev.ota.audit.checkpoint;

import dev.ota.audit.log.AuditLog;
import dev.ota.audit.log.TreeHead;
import dev.ota.audit.merkle.Hashes;
import dev.ota.audit.note.Checkpoint;
import dev.ota.audit.note.NoteKey;
import dev.ota.audit.note.NoteSigner;
import dev.ota.audit.note.SignedNote;
import dev.ota.contracts.events.CheckpointSigned;
import dev.ota.platform.outbox.Outbox;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Signs, stores and publishes checkpoints, and finds them again. */
@Service
public class Checkpoints {

    private static final RowMapper<StoredCheckpoint> ROW = (rs, row) -> {
        String note = rs.getString("note");
        return new StoredCheckpoint(
                rs.getLong("id"), Checkpoint.parse(SignedNote.parse(note).body()), note);
    };

    private final AuditLog log;
    private final NoteSigner signer;
    private final Outbox outbox;
    private final JdbcTemplate jdbc;
    private final Clock clock = Clock.systemUTC();

    Checkpoints(AuditLog log, NoteSigner signer, Outbox outbox, JdbcTemplate jdbc) {
        this.log = log;
        this.signer = signer;
        this.outbox = outbox;
        this.jdbc = jdbc;
    }

    /** Signs the current tree head, stores it and publishes {@code CheckpointSigned}, all in one transaction. */
    @Transactional
    public StoredCheckpoint sign() {
        TreeHead head = log.treeHead();
        Checkpoint checkpoint =
                new Checkpoint(signer.publicKey().name(), head.size(), head.rootHash(), clock.instant());
        SignedNote note = signer.signNote(checkpoint.body());
        Long id = jdbc.queryForObject(
                "insert into checkpoint (tree_size, root_hash, signed_at, note) values (?, ?, ?, ?) returning id",
                Long.class,
                checkpoint.treeSize(),
                checkpoint.rootHash(),
                Timestamp.from(checkpoint.timestamp()),
                note.text());
        SignedNote.Signature signature = note.signatures().getFirst();
        outbox.publish(new CheckpointSigned(
                UUID.randomUUID(),
                checkpoint.timestamp(),
                checkpoint.origin(),
                checkpoint.treeSize(),
                Base64.getEncoder().encodeToString(checkpoint.rootHash()),
                Hashes.hex(signature.keyHash()),
                Base64.getEncoder().encodeToString(signature.signature())));
        return new StoredCheckpoint(id == null ? 0 : id, checkpoint, note.text());
    }

    /** Signs only when the log has grown since the latest checkpoint. */
    @Transactional
    public Optional<StoredCheckpoint> signIfGrown() {
        long size = log.currentSize();
        long signed = latest().map(c -> c.checkpoint().treeSize()).orElse(-1L);
        return size > signed ? Optional.of(sign()) : Optional.empty();
    }

    public Optional<StoredCheckpoint> latest() {
        return jdbc.query("select id, note from checkpoint order by tree_size desc, id desc limit 1", ROW).stream()
                .findFirst();
    }

    /** The latest checkpoint that covers at least {@code size} entries, if any. */
    public Optional<StoredCheckpoint> covering(long size) {
        return jdbc
                .query("select id, note from checkpoint where tree_size >= ? order by tree_size, id limit 1", ROW, size)
                .stream()
                .findFirst();
    }

    public Optional<StoredCheckpoint> atSize(long size) {
        return jdbc
                .query("select id, note from checkpoint where tree_size = ? order by id desc limit 1", ROW, size)
                .stream()
                .findFirst();
    }

    /** The checkpoint whose signed body is exactly {@code body}. */
    public Optional<StoredCheckpoint> withBody(String body) {
        Checkpoint wanted;
        try {
            wanted = Checkpoint.parse(body);
        } catch (IllegalArgumentException notACheckpoint) {
            return Optional.empty();
        }
        return jdbc
                .query("select id, note from checkpoint where tree_size = ? order by id", ROW, wanted.treeSize())
                .stream()
                .filter(c -> c.checkpoint().body().equals(body))
                .findFirst();
    }

    /** The first checkpoint by a condition and order written by the calling code (values as bind arguments). */
    Optional<StoredCheckpoint> firstWhere(String conditionAndOrder, Object... arguments) {
        return jdbc
                .query("select id, note from checkpoint where " + conditionAndOrder + " limit 1", ROW, arguments)
                .stream()
                .findFirst();
    }

    /** Every stored checkpoint, oldest first. */
    public List<StoredCheckpoint> all() {
        return jdbc.query("select id, note from checkpoint order by tree_size, id", ROW);
    }

    public NoteKey key() {
        return signer.publicKey();
    }
}

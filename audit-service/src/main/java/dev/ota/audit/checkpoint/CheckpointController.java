package dev.ota.audit.checkpoint;

import dev.ota.audit.merkle.Hashes;
import dev.ota.audit.note.Cosignature;
import dev.ota.audit.note.NoteKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Signed checkpoints over REST: read by auditors, made on demand by administrators, cosigned by witnesses. A witness
 * (role {@code WITNESS}, a machine identity) may read the latest checkpoint and the log's key and submit
 * cosignatures, nothing else: it never sees an event.
 */
@RestController
@RequestMapping("/api/audit/checkpoints")
class CheckpointController {

    private final Checkpoints checkpoints;
    private final Cosignatures cosignatures;

    CheckpointController(Checkpoints checkpoints, Cosignatures cosignatures) {
        this.checkpoints = checkpoints;
        this.cosignatures = cosignatures;
    }

    /**
     * @param note the signed note as the log issued it
     * @param cosignedNote the same note with a signature line per witness cosignature after the log's own
     */
    record CheckpointView(
            long treeSize,
            String rootHash,
            Instant timestamp,
            String note,
            String cosignedNote,
            List<CosignatureView> cosignatures) {}

    /** One witness cosignature: who, with which key, when the witness signed, and the signature line. */
    record CosignatureView(String witness, String keyHash, Instant cosignedAt, String line) {
        static CosignatureView of(Cosignature c) {
            return new CosignatureView(
                    c.witnessName(), HexFormat.of().formatHex(c.keyHash()), Instant.ofEpochSecond(c.time()), c.text());
        }
    }

    /** A witness's submission: the checkpoint note it cosigned and its cosignature line. */
    record CosignatureSubmission(String checkpoint, String cosignature) {}

    private CheckpointView view(StoredCheckpoint stored) {
        return new CheckpointView(
                stored.checkpoint().treeSize(),
                Hashes.hex(stored.checkpoint().rootHash()),
                stored.checkpoint().timestamp(),
                stored.note(),
                cosignatures.cosignedNote(stored),
                cosignatures.of(stored).stream().map(CosignatureView::of).toList());
    }

    record KeyView(String verifierKey, String keyName, String keyHash, String publicKey) {}

    @GetMapping("/latest")
    @PreAuthorize("hasAnyRole('AUDITOR', 'ADMIN')")
    CheckpointView latest() {
        return checkpoints.latest().map(this::view).orElseThrow(CheckpointController::noneYet);
    }

    /** The signed note alone, with the witness cosignatures received so far, as C2SP tooling expects it. */
    @GetMapping(value = "/latest/note", produces = MediaType.TEXT_PLAIN_VALUE)
    @PreAuthorize("hasAnyRole('AUDITOR', 'ADMIN', 'WITNESS')")
    String latestNote() {
        return checkpoints.latest().map(cosignatures::cosignedNote).orElseThrow(CheckpointController::noneYet);
    }

    /**
     * A witness submits its cosignature of a checkpoint. Stored only when it verifies with a configured witness key
     * over a checkpoint this log signed: 201 when new, 200 when that witness's cosignature was already stored.
     */
    @PostMapping("/cosignatures")
    @PreAuthorize("hasAnyRole('WITNESS', 'ADMIN')")
    ResponseEntity<CheckpointView> cosign(@RequestBody CosignatureSubmission submission) {
        if (submission.checkpoint() == null || submission.cosignature() == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'checkpoint' and 'cosignature' are required");
        }
        return switch (cosignatures.submit(submission.checkpoint(), submission.cosignature())) {
            case Cosignatures.Stored s ->
                ResponseEntity.status(HttpStatus.CREATED).body(view(s.checkpoint()));
            case Cosignatures.AlreadyStored s -> ResponseEntity.ok(view(s.checkpoint()));
            case Cosignatures.UnknownCheckpoint u ->
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, u.reason());
            case Cosignatures.UnknownWitness u -> throw new ResponseStatusException(HttpStatus.FORBIDDEN, u.reason());
            case Cosignatures.Invalid i -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST, i.reason());
        };
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('ADMIN')")
    CheckpointView signNow() {
        return view(checkpoints.sign());
    }

    @GetMapping("/key")
    @PreAuthorize("hasAnyRole('AUDITOR', 'ADMIN', 'WITNESS')")
    KeyView key() {
        NoteKey key = checkpoints.key();
        return new KeyView(
                key.verifierKey(),
                key.name(),
                key.keyHashHex(),
                Base64.getEncoder().encodeToString(key.publicKey()));
    }

    private static ResponseStatusException noneYet() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no checkpoint has been signed yet");
    }
}

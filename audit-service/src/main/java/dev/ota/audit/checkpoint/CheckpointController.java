package dev.ota.audit.checkpoint;

import dev.ota.audit.merkle.Hashes;
import dev.ota.audit.note.NoteKey;
import java.time.Instant;
import java.util.Base64;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Signed checkpoints over REST: read by auditors, made on demand by administrators. */
@RestController
@RequestMapping("/api/audit/checkpoints")
class CheckpointController {

    private final Checkpoints checkpoints;

    CheckpointController(Checkpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    record CheckpointView(long treeSize, String rootHash, Instant timestamp, String note) {
        static CheckpointView of(StoredCheckpoint stored) {
            return new CheckpointView(
                    stored.checkpoint().treeSize(),
                    Hashes.hex(stored.checkpoint().rootHash()),
                    stored.checkpoint().timestamp(),
                    stored.note());
        }
    }

    record KeyView(String verifierKey, String keyName, String keyHash, String publicKey) {}

    @GetMapping("/latest")
    @PreAuthorize("hasAnyRole('AUDITOR', 'ADMIN')")
    CheckpointView latest() {
        return checkpoints.latest().map(CheckpointView::of).orElseThrow(CheckpointController::noneYet);
    }

    /** The signed note alone, as C2SP tooling expects it. */
    @GetMapping(value = "/latest/note", produces = MediaType.TEXT_PLAIN_VALUE)
    @PreAuthorize("hasAnyRole('AUDITOR', 'ADMIN')")
    String latestNote() {
        return checkpoints.latest().map(StoredCheckpoint::note).orElseThrow(CheckpointController::noneYet);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('ADMIN')")
    CheckpointView signNow() {
        return CheckpointView.of(checkpoints.sign());
    }

    @GetMapping("/key")
    @PreAuthorize("hasAnyRole('AUDITOR', 'ADMIN')")
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

package dev.ota.audit.proof;

import dev.ota.audit.checkpoint.Checkpoints;
import dev.ota.audit.checkpoint.StoredCheckpoint;
import dev.ota.audit.log.AuditLog;
import dev.ota.audit.log.LogEntry;
import dev.ota.audit.log.TreeHead;
import dev.ota.audit.merkle.Hashes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Entries and proofs. Proofs are made against the latest signed checkpoint unless a tree size is given, and carry the
 * signed note of that size when one exists, so a client can check the root it verifies against.
 */
@RestController
@RequestMapping("/api/audit")
@PreAuthorize("hasAnyRole('AUDITOR', 'ADMIN')")
class ProofController {

    private final AuditLog log;
    private final Checkpoints checkpoints;

    ProofController(AuditLog log, Checkpoints checkpoints) {
        this.log = log;
        this.checkpoints = checkpoints;
    }

    record TreeHeadView(long treeSize, String rootHash) {}

    record EntryView(
            long index,
            UUID eventId,
            String eventType,
            String topic,
            @Nullable String key,
            Instant occurredAt,
            Instant appendedAt,
            String leafHash,
            String payloadBase64,
            String payload) {
        static EntryView of(LogEntry e) {
            return new EntryView(
                    e.index(),
                    e.eventId(),
                    e.eventType(),
                    e.topic(),
                    e.key(),
                    e.occurredAt(),
                    e.appendedAt(),
                    Hashes.hex(e.leafHash()),
                    Base64.getEncoder().encodeToString(e.payload()),
                    new String(e.payload(), StandardCharsets.UTF_8));
        }
    }

    record InclusionView(
            long leafIndex,
            long treeSize,
            String leafHash,
            String rootHash,
            List<String> path,
            @Nullable String checkpoint) {}

    record ConsistencyView(
            long firstSize,
            long secondSize,
            String firstRoot,
            String secondRoot,
            List<String> proof,
            @Nullable String firstCheckpoint,
            @Nullable String secondCheckpoint) {}

    @GetMapping("/tree-head")
    TreeHeadView treeHead() {
        TreeHead head = log.treeHead();
        return new TreeHeadView(head.size(), Hashes.hex(head.rootHash()));
    }

    @GetMapping("/entries/{index}")
    EntryView entry(@PathVariable long index) {
        if (index < 0) {
            throw bad("index must not be negative");
        }
        return log.entry(index)
                .map(EntryView::of)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no entry " + index));
    }

    @GetMapping("/events/{eventId}")
    EntryView event(@PathVariable UUID eventId) {
        return log.entry(eventId)
                .map(EntryView::of)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "event not in the log"));
    }

    @GetMapping("/proofs/inclusion")
    InclusionView inclusion(
            @RequestParam(required = false) @Nullable Long index,
            @RequestParam(required = false) @Nullable UUID eventId,
            @RequestParam(required = false) @Nullable Long treeSize) {
        if ((index == null) == (eventId == null)) {
            throw bad("give exactly one of 'index' and 'eventId'");
        }
        long size = treeSize != null ? checkedSize(treeSize) : latestSignedSize();
        LogEntry entry = index != null
                ? log.entry(requireNonNegative(index, "index"))
                        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no entry " + index))
                : log.entry(eventId)
                        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "event not in the log"));
        if (entry.index() >= size) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT,
                    "entry " + entry.index() + " is not covered by a tree of size " + size
                            + "; ask for a newer checkpoint");
        }
        return new InclusionView(
                entry.index(),
                size,
                Hashes.hex(entry.leafHash()),
                Hashes.hex(log.proofs().rootHash(size)),
                log.proofs().inclusion(entry.index(), size).stream()
                        .map(Hashes::hex)
                        .toList(),
                checkpoints.atSize(size).map(StoredCheckpoint::note).orElse(null));
    }

    /** Also open to witnesses, which need exactly this to decide whether to cosign. */
    @GetMapping("/proofs/consistency")
    @PreAuthorize("hasAnyRole('AUDITOR', 'ADMIN', 'WITNESS')")
    ConsistencyView consistency(@RequestParam long first, @RequestParam(required = false) @Nullable Long second) {
        long to = second != null ? checkedSize(second) : latestSignedSize();
        if (first < 0 || first > to) {
            throw bad("'first' must be between 0 and the second tree size (" + to + ")");
        }
        return new ConsistencyView(
                first,
                to,
                Hashes.hex(log.proofs().rootHash(first)),
                Hashes.hex(log.proofs().rootHash(to)),
                log.proofs().consistency(first, to).stream().map(Hashes::hex).toList(),
                checkpoints.atSize(first).map(StoredCheckpoint::note).orElse(null),
                checkpoints.atSize(to).map(StoredCheckpoint::note).orElse(null));
    }

    private long checkedSize(long size) {
        long current = log.currentSize();
        if (size < 1 || size > current) {
            throw bad("tree size must be between 1 and the log's size (" + current + ")");
        }
        return size;
    }

    private long latestSignedSize() {
        return checkpoints
                .latest()
                .map(c -> c.checkpoint().treeSize())
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.CONFLICT, "no checkpoint has been signed yet; give 'treeSize' or ask for one"));
    }

    private static long requireNonNegative(long value, String name) {
        if (value < 0) {
            throw bad("'" + name + "' must not be negative");
        }
        return value;
    }

    private static ResponseStatusException bad(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}

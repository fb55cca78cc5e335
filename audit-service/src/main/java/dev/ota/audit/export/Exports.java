package dev.ota.audit.export;

import dev.ota.audit.bundle.Bundle;
import dev.ota.audit.checkpoint.Checkpoints;
import dev.ota.audit.checkpoint.Cosignatures;
import dev.ota.audit.checkpoint.StoredCheckpoint;
import dev.ota.audit.log.AuditLog;
import dev.ota.audit.log.LogEntry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Builds bundles: the selected entries, each with its inclusion proof in one signed checkpoint that covers them all:
 * the newest such checkpoint that a witness cosigned, else the latest one, else one signed on the spot. The bundle's
 * checkpoint note carries the witness cosignatures stored for it. A vehicle's bundle also holds the creation and
 * approvals of the campaigns that updated it (the RXSWIN each declared, who approved it).
 */
@Service
class Exports {

    /** The most entries one export may hold; larger selections are split by time range. */
    static final int MAX_ENTRIES = 100_000;

    private final AuditLog log;
    private final Checkpoints checkpoints;
    private final Cosignatures cosignatures;

    Exports(AuditLog log, Checkpoints checkpoints, Cosignatures cosignatures) {
        this.log = log;
        this.checkpoints = checkpoints;
        this.cosignatures = cosignatures;
    }

    Bundle vehicle(String vin) {
        List<LogEntry> entries = new ArrayList<>(log.entriesWhere("vin = ?", MAX_ENTRIES, vin));
        entries.addAll(log.campaignDeclarations(entries, MAX_ENTRIES));
        entries.sort(Comparator.comparingLong(LogEntry::index));
        return bundle("vin " + vin, entries);
    }

    Bundle campaign(UUID campaign) {
        return bundle(
                "campaign " + campaign,
                log.entriesWhere(
                        "(campaign_id = ? or assignment_id in (select assignment_id from log_entry"
                                + " where campaign_id = ? and assignment_id is not null))",
                        MAX_ENTRIES,
                        campaign,
                        campaign));
    }

    Bundle events(Instant from, Instant to, String type) {
        return bundle(
                "events " + from + " " + to + " " + type,
                log.entriesWhere(
                        "occurred_at >= ? and occurred_at < ? and (event_type = ? or ? = '*')",
                        MAX_ENTRIES,
                        Timestamp.from(from),
                        Timestamp.from(to),
                        type,
                        type));
    }

    private Bundle bundle(String subject, List<LogEntry> entries) {
        long needed = entries.isEmpty() ? 0 : entries.getLast().index() + 1;
        StoredCheckpoint checkpoint = cosignatures
                .newestCosignedCovering(needed)
                .or(() -> checkpoints.latest().filter(c -> c.checkpoint().treeSize() >= needed))
                .orElseGet(checkpoints::sign);
        long size = checkpoint.checkpoint().treeSize();
        return new Bundle(
                subject,
                cosignatures.cosignedNote(checkpoint),
                entries.stream()
                        .map(e -> new Bundle.Entry(
                                e.index(), e.payload(), log.proofs().inclusion(e.index(), size)))
                        .toList());
    }
}

package dev.ota.audit.query;

import dev.ota.audit.log.LogEntry;
import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.AssignmentCancelled;
import dev.ota.contracts.events.CampaignAborted;
import dev.ota.contracts.events.CampaignApproved;
import dev.ota.contracts.events.CampaignCompleted;
import dev.ota.contracts.events.CampaignCreated;
import dev.ota.contracts.events.CampaignPaused;
import dev.ota.contracts.events.CampaignResumed;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.events.RollbackAssigned;
import dev.ota.contracts.events.RollbackCompleted;
import dev.ota.contracts.events.RollbackDecided;
import dev.ota.contracts.events.StageCompleted;
import dev.ota.contracts.events.StageStarted;
import dev.ota.contracts.events.StageVerdict;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.contracts.events.UpdateProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A campaign's full record: who created and who approved it, every stage decision, every health verdict, every
 * rollback, and how its vehicle assignments ended; each item with the log index it rests on.
 */
record CampaignRecord(
        UUID campaignId,
        @Nullable Item created,
        List<Item> approvals,
        List<Item> stageDecisions,
        List<Item> verdicts,
        List<Item> rollbacks,
        Map<String, Long> assignmentOutcomes,
        List<Evidence> entries) {

    /** A fact of the record: what happened, who (when known), when, and the entry that proves it. */
    record Item(String what, @Nullable String who, Instant at, long index, String leafHash) {}

    static CampaignRecord of(UUID campaign, List<Evidence> entries, List<LogEntry> raw) {
        Item created = null;
        List<Item> approvals = new ArrayList<>();
        List<Item> stages = new ArrayList<>();
        List<Item> verdicts = new ArrayList<>();
        List<Item> rollbacks = new ArrayList<>();
        Map<UUID, String> outcome = new LinkedHashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            Evidence e = entries.get(i);
            Optional<OtaEvent> decoded = decode(raw.get(i));
            if (decoded.isEmpty()) {
                continue;
            }
            switch (decoded.get()) {
                case CampaignCreated c ->
                    created = item(
                            "created '" + c.name() + "' with " + c.stageCount() + " stages, rollback policy "
                                    + c.rollbackPolicy(),
                            c.createdBy(),
                            e);
                case CampaignApproved c -> approvals.add(item("approved: " + c.remark(), c.approvedBy(), e));
                case StageStarted c ->
                    stages.add(item("stage " + c.stage() + " started, cohort " + c.cohortSize(), null, e));
                case StageCompleted c -> stages.add(item("stage " + c.stage() + " completed: " + c.outcome(), null, e));
                case CampaignPaused c ->
                    stages.add(item("paused at stage " + c.stage() + ": " + c.reason(), c.pausedBy(), e));
                case CampaignResumed c ->
                    stages.add(item("resumed at stage " + c.stage() + ": " + c.reason(), c.resumedBy(), e));
                case CampaignAborted c -> stages.add(item("aborted: " + c.reason(), c.abortedBy(), e));
                case CampaignCompleted c -> stages.add(item("completed after " + c.stages() + " stages", null, e));
                case StageVerdict v ->
                    verdicts.add(item(
                            "stage " + v.stage() + " cohort " + v.cohort() + ": " + v.outcome() + " (" + v.failures()
                                    + "/" + v.samples() + " failed, upper bound " + v.failureRateUpperBound()
                                    + " vs threshold " + v.threshold() + ", rule " + v.rule() + ")",
                            null,
                            e));
                case RollbackDecided r ->
                    rollbacks.add(item(
                            "rollback decided at stage " + r.stage() + " for " + r.vehicles() + " vehicles, policy "
                                    + r.policy() + ": " + r.reason(),
                            null,
                            e));
                case RollbackCompleted r ->
                    rollbacks.add(item(
                            "rollback completed: " + r.succeeded() + " of " + r.vehicles() + " succeeded, " + r.failed()
                                    + " failed",
                            null,
                            e));
                case UpdateAssigned a -> outcome.putIfAbsent(a.assignmentId(), "PENDING");
                case RollbackAssigned a -> outcome.putIfAbsent(a.assignmentId(), "PENDING");
                case AssignmentCancelled a -> outcome.put(a.assignmentId(), "CANCELLED");
                case UpdateProgress p -> {
                    if (p.phase().isTerminal() && outcome.containsKey(p.assignmentId())) {
                        outcome.put(p.assignmentId(), p.phase().name());
                    }
                }
                default -> {}
            }
        }
        Map<String, Long> counts = new TreeMap<>();
        outcome.values().forEach(o -> counts.merge(o, 1L, Long::sum));
        return new CampaignRecord(campaign, created, approvals, stages, verdicts, rollbacks, counts, entries);
    }

    private static Item item(String what, @Nullable String who, Evidence e) {
        return new Item(what, who, e.occurredAt(), e.index(), e.leafHash());
    }

    private static Optional<OtaEvent> decode(LogEntry entry) {
        try {
            return EventCodec.decode(entry.payload());
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}

package dev.ota.rollback.decision;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.events.RollbackAssigned;
import dev.ota.contracts.events.RollbackCompleted;
import dev.ota.contracts.events.RollbackDecided;
import dev.ota.contracts.events.StageVerdict;
import dev.ota.contracts.events.VerdictOutcome;
import dev.ota.platform.assignments.AssignmentSigner;
import dev.ota.platform.outbox.Outbox;
import dev.ota.rollback.decision.RollbackPlanner.Plan;
import dev.ota.rollback.decision.RollbackPlanner.Refused;
import dev.ota.rollback.decision.RollbackPlanner.RollBack;
import dev.ota.rollback.fleet.FleetKnowledge;
import dev.ota.rollback.fleet.ImageEvidence;
import dev.ota.rollback.fleet.StageVehicle;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes and carries out rollback decisions. Deciding is one short transaction that stores the decision and publishes
 * {@link RollbackDecided} (the campaign pauses on it), so the pause never waits for planning. Issuing is a second
 * transaction that plans every vehicle in scope, stores assignments and refusals, and publishes one
 * {@link RollbackAssigned} per vehicle (all of them with one batched outbox insert); if the process dies in between, the sweep issues it later.
 */
@Service
class RollbackDecisions {

    static final String DECIDED = "DECIDED";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final Outbox outbox;
    private final FleetKnowledge fleet;
    private final RollbackProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final AssignmentSigner signer;

    RollbackDecisions(
            JdbcClient jdbc,
            JdbcTemplate batch,
            Outbox outbox,
            FleetKnowledge fleet,
            RollbackProperties properties,
            Clock clock,
            ApplicationEventPublisher events,
            AssignmentSigner signer) {
        this.signer = signer;
        this.jdbc = jdbc;
        this.batch = batch;
        this.outbox = outbox;
        this.fleet = fleet;
        this.properties = properties;
        this.clock = clock;
        this.events = events;
    }

    /** A decided rollback, to be issued after the deciding transaction commits (also the application event). */
    record Decision(
            UUID id, UUID campaignId, int stage, @Nullable String cohort, String policy, RollbackScope scope) {}

    @Transactional
    public void campaignCreated(UUID campaignId, String policy) {
        jdbc.sql("insert into campaign_policy (campaign_id, policy) values (:id, :policy) on conflict do nothing")
                .param("id", campaignId)
                .param("policy", RollbackPolicy.parse(policy).name())
                .update();
    }

    /** On a FAIL verdict: pause at once, once per campaign, stage and cohort. */
    @Transactional
    public Optional<Decision> verdict(StageVerdict verdict) {
        if (verdict.outcome() != VerdictOutcome.FAIL) {
            return Optional.empty();
        }
        RollbackPolicy policy = jdbc.sql("select policy from campaign_policy where campaign_id = :id")
                .param("id", verdict.campaignId())
                .query(String.class)
                .optional()
                .map(RollbackPolicy::parse)
                .orElse(RollbackPolicy.PAUSE_ONLY);
        RollbackScope scope = policy.scopeFor(verdict.cohort());
        String reason = String.format(
                Locale.ROOT,
                "stage %d failed its health verdict for cohort %s (%d of %d failed; %s); policy %s rolls back %s",
                verdict.stage(),
                verdict.cohort(),
                verdict.failures(),
                verdict.samples(),
                verdict.rule(),
                policy,
                scope.describe());
        return decide(
                verdict.campaignId(),
                verdict.stage(),
                verdict.cohort(),
                policy.name(),
                scope,
                "VERDICT",
                "health-verdict",
                reason);
    }

    /** A person's rollback of a stage (or part of it), with the same pre-validation as an automatic one. */
    @Transactional
    public Decision manual(
            UUID campaignId, int stage, RollbackPolicy policy, @Nullable String cohort, String by, String why) {
        RollbackScope scope = policy.scopeFor(cohort == null ? "all" : cohort);
        return decide(
                        campaignId,
                        stage,
                        cohort,
                        "MANUAL_" + policy.name(),
                        scope,
                        "MANUAL",
                        by,
                        "manual rollback by " + by + ": " + why + "; rolls back " + scope.describe())
                .orElseThrow();
    }

    private Optional<Decision> decide(
            UUID campaignId,
            int stage,
            @Nullable String cohort,
            String policy,
            RollbackScope scope,
            String trigger,
            String by,
            String reason) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        long inScope = scope.count(fleet, campaignId, stage);
        int inserted = jdbc.sql("""
                        insert into rollback_decision (id, campaign_id, stage, cohort, policy, trigger, decided_by,
                                                       reason, status, in_scope, decided_at)
                        values (:id, :campaign, :stage, :cohort, :policy, :trigger, :by, :reason, :status, :inScope,
                                :at)
                        on conflict do nothing
                        """)
                .param("id", id)
                .param("campaign", campaignId)
                .param("stage", stage)
                .param("cohort", cohort)
                .param("policy", policy)
                .param("trigger", trigger)
                .param("by", by)
                .param("reason", reason)
                .param("status", DECIDED)
                .param("inScope", (int) inScope)
                .param("at", Timestamp.from(now))
                .update();
        if (inserted == 0) {
            return Optional.empty();
        }
        outbox.publish(
                new RollbackDecided(UUID.randomUUID(), now, campaignId, stage, policy, cohort, (int) inScope, reason));
        Decision decision = new Decision(id, campaignId, stage, cohort, policy, scope);
        events.publishEvent(decision);
        return Optional.of(decision);
    }

    /** Decisions not issued yet. */
    List<UUID> pending() {
        return jdbc.sql("select id from rollback_decision where status = 'DECIDED' order by decided_at")
                .query(UUID.class)
                .list();
    }

    /**
     * Plans and issues one decision's rollback assignments; returns the rollback assignment ids issued.
     *
     * @return empty when another worker holds or already issued it
     */
    @Transactional
    public Optional<List<UUID>> issue(UUID decisionId) {
        Optional<Stored> stored = jdbc.sql("""
                        select campaign_id, stage, cohort, policy from rollback_decision
                        where id = :id and status = 'DECIDED' for update skip locked
                        """)
                .param("id", decisionId)
                .query((rs, n) ->
                        new Stored(rs.getObject(1, UUID.class), rs.getInt(2), rs.getString(3), rs.getString(4)))
                .optional();
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Stored decision = stored.get();
        RollbackScope scope = RollbackPolicy.parse(decision.policy().replaceFirst("^MANUAL_", ""))
                .scopeFor(decision.cohort() == null ? "all" : decision.cohort());
        Set<UUID> alreadyRolledBack = new HashSet<>(jdbc.sql("""
                        select v.original_assignment_id from rollback_vehicle v
                        join rollback_decision d on d.id = v.decision_id
                        where d.campaign_id = :campaign and d.stage = :stage and v.status <> 'REFUSED'
                        """)
                .param("campaign", decision.campaignId())
                .param("stage", decision.stage())
                .query(UUID.class)
                .list());
        List<StageVehicle> vehicles = fleet.stageVehicles(decision.campaignId(), decision.stage()).stream()
                .filter(scope::includes)
                .filter(v -> !alreadyRolledBack.contains(v.assignmentId()))
                .toList();
        Map<String, ImageEvidence> evidence = fleet.evidence(vehicles.stream()
                .flatMap(v -> v.previousImages().values().stream())
                .toList());
        PreValidatedVersionRule rule = new PreValidatedVersionRule(properties.minHealthyVehicles());
        Instant now = clock.instant();
        String why = "rollback of campaign " + decision.campaignId() + " stage " + decision.stage() + " ("
                + decision.policy() + (decision.cohort() == null ? "" : ", cohort " + decision.cohort()) + ")";
        List<Object[]> rows = new ArrayList<>(vehicles.size());
        List<UUID> issued = new ArrayList<>();
        List<RollbackAssigned> assignments = new ArrayList<>();
        int refused = 0;
        for (StageVehicle vehicle : vehicles) {
            Plan plan = RollbackPlanner.plan(vehicle, evidence, rule);
            switch (plan) {
                case RollBack rollBack -> {
                    UUID assignmentId = UUID.randomUUID();
                    rows.add(new Object[] {
                        decisionId,
                        vehicle.vin(),
                        vehicle.assignmentId(),
                        assignmentId,
                        "ASSIGNED",
                        null,
                        EventCodec.mapper().writeValueAsString(rollBack.targets())
                    });
                    // sealed: the director signs metadata only for a rollback rollback-service vouches for
                    assignments.add(signer.seal(new RollbackAssigned(
                            UUID.randomUUID(),
                            now,
                            vehicle.vin(),
                            assignmentId,
                            decision.campaignId(),
                            rollBack.targets(),
                            why)));
                    issued.add(assignmentId);
                }
                case Refused refusal -> {
                    rows.add(new Object[] {
                        decisionId, vehicle.vin(), vehicle.assignmentId(), null, "REFUSED", refusal.reason(), null
                    });
                    refused++;
                }
            }
        }
        outbox.publishAll(assignments);
        batch.batchUpdate("""
                insert into rollback_vehicle (decision_id, vin, original_assignment_id, rollback_assignment_id,
                                              status, reason, targets)
                values (?, ?, ?, ?, ?, ?, cast(? as jsonb))
                """, rows);
        String status = issued.isEmpty() ? (refused > 0 ? "REFUSED" : "NOTHING_TO_ROLL_BACK") : "ISSUED";
        jdbc.sql("""
                        update rollback_decision set status = :status, assigned = :assigned, refused = :refused,
                            issued_at = :at
                        where id = :id
                        """)
                .param("status", status)
                .param("assigned", issued.size())
                .param("refused", refused)
                .param("at", Timestamp.from(now))
                .param("id", decisionId)
                .update();
        return Optional.of(issued);
    }

    /** Records a rolled-back vehicle's final report; completes the decision when it was the last one. */
    @Transactional
    public void rollbackReported(UUID rollbackAssignmentId, boolean succeeded, String detail) {
        Optional<UUID> decisionId = jdbc.sql("""
                        update rollback_vehicle set status = :status, reason = :detail
                        where rollback_assignment_id = :id and status = 'ASSIGNED'
                        returning decision_id
                        """)
                .param("status", succeeded ? "SUCCEEDED" : "FAILED")
                .param("detail", detail)
                .param("id", rollbackAssignmentId)
                .query(UUID.class)
                .optional();
        if (decisionId.isEmpty()) {
            return;
        }
        Progress progress = jdbc.sql("""
                        update rollback_decision set succeeded = succeeded + :s, failed = failed + :f
                        where id = :id
                        returning campaign_id, status, assigned, succeeded, failed
                        """)
                .param("s", succeeded ? 1 : 0)
                .param("f", succeeded ? 0 : 1)
                .param("id", decisionId.get())
                .query((rs, n) -> new Progress(
                        rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)))
                .single();
        if (progress.status().equals("ISSUED") && progress.succeeded() + progress.failed() >= progress.assigned()) {
            jdbc.sql("update rollback_decision set status = 'COMPLETED', completed_at = now() where id = :id")
                    .param("id", decisionId.get())
                    .update();
            outbox.publish(new RollbackCompleted(
                    UUID.randomUUID(),
                    clock.instant(),
                    progress.campaignId(),
                    progress.assigned(),
                    progress.succeeded(),
                    progress.failed()));
        }
    }

    /** Rollback assignments still waiting for their vehicle's report. */
    List<UUID> openRollbackAssignments() {
        return jdbc.sql("select rollback_assignment_id from rollback_vehicle where status = 'ASSIGNED'")
                .query(UUID.class)
                .list();
    }

    private record Stored(
            UUID campaignId, int stage, @Nullable String cohort, String policy) {}

    private record Progress(UUID campaignId, String status, int assigned, int succeeded, int failed) {}
}

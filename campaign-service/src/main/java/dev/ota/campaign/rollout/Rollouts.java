package dev.ota.campaign.rollout;

import dev.ota.campaign.campaigns.Campaign;
import dev.ota.campaign.campaigns.CampaignAction;
import dev.ota.campaign.campaigns.CampaignDefinition;
import dev.ota.campaign.campaigns.CampaignLifecycle;
import dev.ota.campaign.campaigns.CampaignState;
import dev.ota.campaign.campaigns.Campaigns;
import dev.ota.campaign.campaigns.StagePlan;
import dev.ota.campaign.targeting.SqlFilter;
import dev.ota.campaign.targeting.Targeting;
import dev.ota.contracts.events.AssignmentCancelled;
import dev.ota.contracts.events.StageCompleted;
import dev.ota.contracts.events.StageStarted;
import dev.ota.platform.outbox.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Operating a campaign's rollout: start (cohorts picked, conflicts refused), hold, resume, abort, advance between
 * stages, and the views of stages and vehicles. Every operation locks the campaign row first, so it serialises with
 * dispatch rounds: once a hold commits, no further assignment can be written.
 */
@Service
public class Rollouts {

    private final Campaigns campaigns;
    private final Targeting targeting;
    private final RolloutStore store;
    private final Outbox outbox;
    private final JdbcClient jdbc;
    private final Clock clock;

    Rollouts(
            Campaigns campaigns, Targeting targeting, RolloutStore store, Outbox outbox, JdbcClient jdbc, Clock clock) {
        this.campaigns = campaigns;
        this.targeting = targeting;
        this.store = store;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Starts an approved (or scheduled) campaign: resolves its target, splits it into stratified stage cohorts,
     * refuses vehicles that another running campaign is updating on the same ECU hardware, and opens stage 1.
     */
    @Transactional
    public Campaign start(UUID id, String actor, String reason) {
        Campaign campaign = campaigns.lock(id);
        CampaignLifecycle.next(campaign.state(), CampaignAction.START);
        CampaignDefinition definition = campaign.definition();
        List<Stratifier.Candidate> candidates = candidates(definition, null);
        if (candidates.isEmpty()) {
            throw new IllegalStateException("the campaign's target matches no registered vehicle");
        }
        List<Integer> sizes = StagePlan.split(definition.stages(), candidates.size());
        Map<String, Integer> stageOf = Stratifier.assign(candidates, sizes, id.getMostSignificantBits());
        Map<String, String> stratumOf =
                candidates.stream().collect(Collectors.toMap(Stratifier.Candidate::vin, Stratifier.Candidate::stratum));
        store.insertVehicles(id, stageOf, stratumOf);
        refuseConflicts(campaign);
        Map<Integer, Integer> planned = new HashMap<>();
        stageOf.values().forEach(stage -> planned.merge(stage, 1, Integer::sum));
        Instant now = clock.instant();
        for (int stage = 1; stage <= definition.stages().size(); stage++) {
            store.insertStage(id, stage, planned.getOrDefault(stage, 0), StageState.WAITING, null);
        }
        campaigns.transition(id, CampaignAction.START, actor, reason.isBlank() ? "started" : reason);
        openStage(campaign, 1, now);
        return campaigns.get(id);
    }

    /**
     * Continuous campaigns: vehicles that match the target now but were not targeted before join the running stage.
     *
     * @return how many joined
     */
    @Transactional
    public int joinLateVehicles(UUID id) {
        Campaign campaign = campaigns.lock(id);
        if (campaign.state() != CampaignState.RUNNING || !campaign.definition().continuous()) {
            return 0;
        }
        List<Stratifier.Candidate> late = candidates(campaign.definition(), id);
        if (late.isEmpty()) {
            return 0;
        }
        Map<String, Integer> stageOf = new HashMap<>();
        Map<String, String> stratumOf = new HashMap<>();
        for (Stratifier.Candidate candidate : late) {
            stageOf.put(candidate.vin(), campaign.currentStage());
            stratumOf.put(candidate.vin(), candidate.stratum());
        }
        store.insertVehicles(id, stageOf, stratumOf);
        jdbc.sql("update campaign_stage set state = 'DISPATCHING' where campaign_id = :id and stage = :s "
                        + "and state = 'SOAKING'")
                .param("id", id)
                .param("s", campaign.currentStage())
                .update();
        return late.size();
    }

    private List<Stratifier.Candidate> candidates(CampaignDefinition definition, @Nullable UUID notIn) {
        SqlFilter filter = targeting.filter(definition.target());
        String[] hardware = definition.bundle().hardwareIds().toArray(String[]::new);
        return jdbc.sql("""
                        select v.vin, v.model, v.region,
                          (select string_agg(distinct e.hardware_id, '+') from ecu e
                            where e.vin = v.vin and e.hardware_id = any(cast(:bundleHw as text[]))) as hw
                        from vehicle v""" + " where " + filter.where()
                        + (notIn == null
                                ? ""
                                : " and not exists (select 1 from campaign_vehicle cv where cv.campaign_id = :notIn"
                                        + " and cv.vin = v.vin) limit 10000"))
                .params(filter.params())
                .param("bundleHw", hardware)
                .param("notIn", notIn == null ? UUID.randomUUID() : notIn)
                .query((rs, n) -> new Stratifier.Candidate(
                        rs.getString("vin"),
                        rs.getString("model") + "|" + rs.getString("region") + "|"
                                + (rs.getString("hw") == null ? "-" : rs.getString("hw"))))
                .list();
    }

    /** One active campaign per ECU: refuse when targeted vehicles are underway in a campaign for the same hardware. */
    private void refuseConflicts(Campaign campaign) {
        List<String> conflicts = jdbc.sql("""
                        select other.name || ' (' || other.id || ', ' || other.state || '): ' || count(*) || ' vehicles'
                        from campaign_vehicle mine
                        join campaign_vehicle theirs on theirs.vin = mine.vin and theirs.campaign_id <> mine.campaign_id
                        join campaign other on other.id = theirs.campaign_id
                        where mine.campaign_id = :id and other.state in ('RUNNING', 'PAUSED')
                          and theirs.status in ('PENDING', 'ASSIGNED', 'IN_PROGRESS')
                          and other.hardware_ids && cast(:hw as text[])
                        group by other.id, other.name, other.state
                        """)
                .param("id", campaign.id())
                .param("hw", campaign.definition().bundle().hardwareIds().toArray(String[]::new))
                .query(String.class)
                .list();
        if (!conflicts.isEmpty()) {
            throw new ConflictingCampaignException(
                    "targeted vehicles are already being updated on the same ECU hardware by " + conflicts
                            + "; one active campaign per ECU: narrow the target or finish that campaign first");
        }
    }

    @Transactional
    public Campaign hold(UUID id, String actor, String reason) {
        requireReason(reason);
        return campaigns.transition(id, CampaignAction.PAUSE, actor, reason);
    }

    @Transactional
    public Campaign resume(UUID id, String actor, String reason) {
        requireReason(reason);
        return campaigns.transition(id, CampaignAction.RESUME, actor, reason);
    }

    /** Aborts for good: vehicles not yet assigned are dropped, open assignments are withdrawn. */
    @Transactional
    public Campaign abort(UUID id, String actor, String reason) {
        requireReason(reason);
        Campaign aborted = campaigns.transition(id, CampaignAction.ABORT, actor, reason);
        withdrawOpenAssignments(id, "campaign aborted: " + reason);
        jdbc.sql("update campaign_vehicle set status = 'CANCELLED', reason = 'campaign aborted' "
                        + "where campaign_id = :id and status = 'PENDING'")
                .param("id", id)
                .update();
        return aborted;
    }

    /**
     * Moves to the next stage by hand; every vehicle of the current stage must have an outcome, and the stage a PASS
     * verdict — or an INSUFFICIENT_DATA one, which a person may overrule with a reason (recorded with the transition):
     * a small stage without failures cannot prove a low failure rate on its own (0 of 5 failed leaves a 90 % upper bound
     * near 25 %), and without this the campaign could only be aborted. A FAIL, or no verdict yet, is never overruled.
     */
    @Transactional
    public Campaign advance(UUID id, String actor, String reason) {
        Campaign campaign = campaigns.lock(id);
        CampaignLifecycle.next(campaign.state(), CampaignAction.ADVANCE);
        StageView current = store.stage(id, campaign.currentStage()).orElseThrow();
        if (current.state() == StageState.PASSED) {
            throw new IllegalStateException("every stage passed; the campaign completes when its last vehicles finish");
        }
        boolean overruled = "INSUFFICIENT_DATA".equals(current.verdict());
        if (overruled && reason.isBlank()) {
            throw new IllegalArgumentException("stage " + current.stage() + "'s verdict is INSUFFICIENT_DATA: advancing"
                    + " over it needs a reason (what you checked instead)");
        }
        if (!"PASS".equals(current.verdict()) && !overruled) {
            throw new IllegalStateException("stage " + current.stage() + " has no PASS verdict (verdict: "
                    + (current.verdict() == null ? "none yet" : current.verdict()) + ")");
        }
        if (store.pending(id, campaign.currentStage()) > 0) {
            throw new IllegalStateException("stage " + current.stage() + " still has vehicles to dispatch");
        }
        if (current.awaitingOutcome() > 0) {
            throw new IllegalStateException("stage " + current.stage() + " waits for the outcome of "
                    + current.awaitingOutcome() + " vehicles (each has the campaign's vehicleTimeout to report)");
        }
        String why = overruled
                ? "advanced by hand over an INSUFFICIENT_DATA verdict: " + reason
                : reason.isBlank() ? "advanced by hand" : reason;
        completeStageAndMoveOn(
                campaign, actor, current.didNotUpdate().isEmpty() ? why : why + "; " + current.didNotUpdate());
        return campaigns.get(id);
    }

    /** Closes the current stage as passed, then opens the next non-empty stage or completes the campaign. */
    void completeStageAndMoveOn(Campaign campaign, String actor, String reason) {
        Instant now = clock.instant();
        int stage = campaign.currentStage();
        store.stageState(campaign.id(), stage, StageState.PASSED, now);
        outbox.publish(new StageCompleted(UUID.randomUUID(), now, campaign.id(), stage, "PASS"));
        campaigns.record(campaign.id(), campaign.state(), campaign.state(), CampaignAction.ADVANCE, actor, reason);
        int next = stage + 1;
        while (next <= campaign.stageCount()
                && store.stage(campaign.id(), next).map(StageView::planned).orElse(0) == 0
                && !campaign.definition().continuous()) {
            store.stageState(campaign.id(), next, StageState.PASSED, now);
            outbox.publish(new StageCompleted(UUID.randomUUID(), now, campaign.id(), next, "EMPTY"));
            next++;
        }
        if (next > campaign.stageCount()) {
            campaigns.moveToStage(campaign.id(), campaign.stageCount());
            completeIfEveryVehicleFinished(campaign, actor);
            return;
        }
        openStage(campaign, next, now);
    }

    /**
     * Completes a campaign whose last stage passed once none of its vehicles is still pending, assigned or installing:
     * a vehicle that is still installing can still fail, and its failure must be able to stop the campaign. Vehicles
     * that never report are settled by the campaign's vehicle timeout, so every campaign finishes. A continuous
     * campaign keeps taking vehicles that match later and never completes by itself (abort ends it).
     *
     * @return whether the campaign completed
     */
    boolean completeIfEveryVehicleFinished(Campaign campaign, String actor) {
        if (campaign.definition().continuous()) {
            return false;
        }
        if (store.anyUnfinished(campaign.id())) {
            return false;
        }
        long notUpdated = store.stages(campaign.id()).stream()
                .flatMap(stage -> stage.vehicles().entrySet().stream())
                .filter(count -> count.getKey().didNotUpdate())
                .mapToLong(Map.Entry::getValue)
                .sum();
        campaigns.transition(
                campaign.id(),
                CampaignAction.COMPLETE,
                actor,
                "every stage passed and every vehicle finished"
                        + (notUpdated == 0 ? "" : "; " + notUpdated + " vehicles did not update (see each stage)"));
        return true;
    }

    private void openStage(Campaign campaign, int stage, Instant now) {
        campaigns.moveToStage(campaign.id(), stage);
        store.stageState(campaign.id(), stage, StageState.DISPATCHING, now);
        int cohort = store.stage(campaign.id(), stage).map(StageView::planned).orElse(0);
        outbox.publish(new StageStarted(
                UUID.randomUUID(),
                now,
                campaign.id(),
                stage,
                cohort,
                campaign.definition().healthCriteria()));
    }

    void withdrawOpenAssignments(UUID id, String reason) {
        Instant now = clock.instant();
        for (CampaignVehicle vehicle : store.open(id)) {
            store.settle(id, vehicle.vin(), VehicleStatus.CANCELLED, reason);
            outbox.publish(new AssignmentCancelled(
                    UUID.randomUUID(),
                    now,
                    vehicle.vin(),
                    Objects.requireNonNull(vehicle.assignmentId(), "an open vehicle is assigned"),
                    id,
                    reason));
        }
    }

    @Transactional(readOnly = true)
    public List<StageView> stages(UUID id) {
        campaigns.get(id);
        return store.stages(id);
    }

    @Transactional(readOnly = true)
    public List<CampaignVehicle> vehicles(UUID id, @Nullable VehicleStatus status, int limit, int offset) {
        campaigns.get(id);
        return store.vehicles(id, status, Math.min(Math.max(limit, 1), 1000), Math.max(offset, 0));
    }

    @Transactional(readOnly = true)
    public List<CompatibilityEvidence> compatibility(UUID id, int limit) {
        campaigns.get(id);
        return store.evidence(id, Math.min(Math.max(limit, 1), 1000));
    }

    /** Every campaign the vehicle was part of, the newest assignment first (never assigned ones last). */
    @Transactional(readOnly = true)
    public List<VehicleCampaign> campaignsOf(String vin) {
        return jdbc.sql("""
                        select cv.*, c.name as campaign_name, c.state as campaign_state
                        from campaign_vehicle cv join campaign c on c.id = cv.campaign_id
                        where cv.vin = :vin order by cv.assigned_at desc nulls last, c.created_at desc limit 200
                        """)
                .param("vin", vin)
                .query((rs, row) -> {
                    CampaignVehicle vehicle = RolloutStore.vehicle(rs, row);
                    return new VehicleCampaign(
                            rs.getObject("campaign_id", UUID.class),
                            rs.getString("campaign_name"),
                            CampaignState.valueOf(rs.getString("campaign_state")),
                            vehicle.stage(),
                            vehicle.status(),
                            vehicle.assignmentId(),
                            vehicle.attempts(),
                            vehicle.assignedAt(),
                            vehicle.lastProgressAt(),
                            vehicle.phase(),
                            vehicle.reason());
                })
                .list();
    }

    /** The verdicts received for a campaign, oldest first: its health over time against the threshold. */
    @Transactional(readOnly = true)
    public List<HealthPoint> health(UUID id) {
        return store.health(id);
    }

    /**
     * Failed vehicles of a campaign counted by reason, model and ECU hardware, for the dashboard; and, apart from them
     * because they are not the release's failures, vehicles the platform could not serve ({@code platformFault}, by
     * reason) and vehicles waiting for a retry after a failure ({@code retrying}, by reason).
     */
    @Transactional(readOnly = true)
    public Map<String, Map<String, Long>> failures(UUID id) {
        Map<String, Map<String, Long>> breakdown = new HashMap<>();
        jdbc.sql("""
                        select status, reason, count(*) as n from campaign_vehicle
                        where campaign_id = :id and (status = 'PLATFORM_FAULT'
                          or (status = 'PENDING' and reason like :retry))
                        group by status, reason
                        """).param("id", id).param("retry", RolloutStore.RETRY + "%").query(rs -> {
            String key =
                    VehicleStatus.PLATFORM_FAULT.name().equals(rs.getString("status")) ? "platformFault" : "retrying";
            breakdown.computeIfAbsent(key, k -> new HashMap<>()).put(rs.getString("reason"), rs.getLong("n"));
        });
        jdbc.sql("""
                        select coalesce(cv.reason, 'unknown') as reason, v.model, cv.stratum
                        from campaign_vehicle cv join vehicle v on v.vin = cv.vin
                        where cv.campaign_id = :id and cv.status in ('FAILED', 'TIMED_OUT')
                        """).param("id", id).query(rs -> {
            breakdown.computeIfAbsent("reason", k -> new HashMap<>()).merge(rs.getString("reason"), 1L, Long::sum);
            breakdown.computeIfAbsent("model", k -> new HashMap<>()).merge(rs.getString("model"), 1L, Long::sum);
            String stratum = rs.getString("stratum");
            String hardware = stratum.substring(stratum.lastIndexOf('|') + 1);
            for (String hw : hardware.split("\\+")) {
                breakdown.computeIfAbsent("hardwareId", k -> new HashMap<>()).merge(hw, 1L, Long::sum);
            }
        });
        return breakdown;
    }

    List<UUID> running() {
        return campaigns.idsIn(CampaignState.RUNNING);
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a reason is required");
        }
    }
}

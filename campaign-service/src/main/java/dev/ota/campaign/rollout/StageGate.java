package dev.ota.campaign.rollout;

import dev.ota.campaign.campaigns.Campaign;
import dev.ota.campaign.campaigns.CampaignAction;
import dev.ota.campaign.campaigns.CampaignState;
import dev.ota.campaign.campaigns.Campaigns;
import dev.ota.campaign.campaigns.StagePlan;
import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.events.RollbackCompleted;
import dev.ota.contracts.events.RollbackDecided;
import dev.ota.contracts.events.StageVerdict;
import dev.ota.contracts.events.VerdictOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gates stages on health: a FAIL verdict or a rollback decision pauses the campaign at once (under the campaign row
 * lock, so dispatch stops with the commit); a PASS lets the stage advance once its soak time has passed since its last
 * vehicle was dispatched, every vehicle of the stage has an outcome, and the verdict saw every failure the campaign
 * recorded ({@link StageReadiness}); a later verdict that no longer passes a passed stage withdraws the pass and pauses
 * the campaign; after the last stage passed, the campaign completes when every vehicle has an outcome (a FAIL verdict
 * until then still pauses it); a completed rollback ends the campaign as ROLLED_BACK.
 */
@Component
class StageGate {

    /** The cohort the health service uses for every vehicle of a stage. */
    static final String WHOLE_STAGE = "all";

    static final String HEALTH_SERVICE = "health-service";
    static final String ROLLBACK_SERVICE = "rollback-service";
    static final String ROLLOUT = "rollout";

    private final Campaigns campaigns;
    private final Rollouts rollouts;
    private final RolloutStore store;
    private final Clock clock;

    StageGate(Campaigns campaigns, Rollouts rollouts, RolloutStore store, Clock clock) {
        this.campaigns = campaigns;
        this.rollouts = rollouts;
        this.store = store;
        this.clock = clock;
    }

    @Transactional
    public void verdict(StageVerdict verdict) {
        Campaign campaign = lockOrReject(verdict.campaignId());
        if (campaign.state().isFinal()) {
            return;
        }
        // what the verdict is about (e.g. "navigation DOWN on 3 of 10 vehicles (hardware head-unit)") leads, so the
        // dashboard and the command line show it first
        String detail = "%s %s: %s%d/%d failed, upper bound %.4f vs threshold %.4f (%s)"
                .formatted(
                        verdict.outcome(),
                        verdict.cohort(),
                        verdict.reason() == null ? "" : verdict.reason() + "; ",
                        verdict.failures(),
                        verdict.samples(),
                        verdict.failureRateUpperBound(),
                        verdict.threshold(),
                        verdict.rule());
        store.logVerdict(verdict);
        // A FAIL of any cohort (a hardware id, a model) stops the stage; only the whole stage's verdict may pass it,
        // so a healthy hardware id cannot advance a stage whose other vehicles are still soaking or failing.
        boolean wholeStage = WHOLE_STAGE.equals(verdict.cohort());
        // the stage's state before this verdict matters only to a whole-stage verdict that is not a FAIL (a withdrawn
        // or restored pass); cohort verdicts, the most frequent, skip the stage view's query
        StageState before = wholeStage && verdict.outcome() != VerdictOutcome.FAIL
                ? store.stage(campaign.id(), verdict.stage())
                        .map(StageView::state)
                        .orElse(StageState.WAITING)
                : StageState.WAITING;
        if (verdict.outcome() == VerdictOutcome.FAIL || wholeStage) {
            store.verdict(
                    campaign.id(),
                    verdict.stage(),
                    verdict.outcome().name(),
                    detail,
                    verdict.samples(),
                    verdict.failures(),
                    clock.instant());
        }
        if (verdict.outcome() == VerdictOutcome.FAIL) {
            store.stageState(campaign.id(), verdict.stage(), StageState.FAILED, clock.instant());
            pauseIfRunning(campaign, HEALTH_SERVICE, "stage failed: " + detail);
        } else if (wholeStage && verdict.outcome() != VerdictOutcome.PASS && before == StageState.PASSED) {
            // later outcomes no longer pass a stage that already passed: its pass is withdrawn and a person decides
            store.stageState(campaign.id(), verdict.stage(), StageState.PASS_WITHDRAWN, clock.instant());
            pauseIfRunning(
                    campaign,
                    HEALTH_SERVICE,
                    "stage " + verdict.stage() + " had passed, but its verdict is now " + detail);
        } else if (wholeStage
                && verdict.outcome() == VerdictOutcome.PASS
                && before == StageState.PASS_WITHDRAWN
                && verdict.stage() < campaign.currentStage()) {
            store.stageState(campaign.id(), verdict.stage(), StageState.PASSED, clock.instant());
        }
    }

    private void pauseIfRunning(Campaign campaign, String actor, String reason) {
        if (campaign.state() == CampaignState.RUNNING) {
            campaigns.transition(campaign.id(), CampaignAction.PAUSE, actor, reason);
        }
    }

    @Transactional
    public void rollbackDecided(RollbackDecided decision) {
        Campaign campaign = lockOrReject(decision.campaignId());
        if (campaign.state() != CampaignState.RUNNING) {
            return;
        }
        campaigns.transition(
                campaign.id(),
                CampaignAction.PAUSE,
                ROLLBACK_SERVICE,
                "rollback decided (" + decision.policy().toLowerCase(Locale.ROOT) + "): " + decision.reason());
    }

    @Transactional
    public void rollbackCompleted(RollbackCompleted completed) {
        Campaign campaign = lockOrReject(completed.campaignId());
        if (!campaign.state().isUnderway()) {
            return;
        }
        campaigns.transition(
                campaign.id(),
                CampaignAction.ROLL_BACK,
                ROLLBACK_SERVICE,
                "rollback completed: %d vehicles, %d succeeded, %d failed"
                        .formatted(completed.vehicles(), completed.succeeded(), completed.failed()));
        rollouts.withdrawOpenAssignments(campaign.id(), "campaign rolled back");
    }

    /** Advances the campaign when its current stage passed, is fully dispatched, has soaked, and advances by itself. */
    @Transactional
    public boolean advanceIfDue(UUID id) {
        Campaign campaign = campaigns.lock(id);
        if (campaign.state() != CampaignState.RUNNING) {
            return false;
        }
        int stage = campaign.currentStage();
        StagePlan plan = campaign.definition().stages().get(stage - 1);
        StageView view = store.stage(id, stage).orElse(null);
        if (view != null && view.state() == StageState.PASSED && stage == campaign.stageCount()) {
            return rollouts.completeIfEveryVehicleFinished(campaign, ROLLOUT);
        }
        if (view == null || !plan.autoAdvance() || !"PASS".equals(view.verdict()) || view.dispatchedAt() == null) {
            return false;
        }
        Instant now = clock.instant();
        if (now.isBefore(view.dispatchedAt().plus(plan.soakTime()))) {
            return false;
        }
        StageReadiness readiness =
                StageReadiness.of(view, store.verdictCounts(id, stage).orElse(null), store.releaseFailures(id, stage));
        switch (readiness) {
            case StageReadiness.Waits _ -> {
                return false;
            }
            case StageReadiness.Contradicted contradicted -> {
                store.review(id, stage, contradicted.review(), contradicted.recordedFailures());
                campaigns.transition(id, CampaignAction.PAUSE, ROLLOUT, contradicted.review());
                return false;
            }
            case StageReadiness.Ready ready -> {
                String passed = "stage " + stage + " passed and soaked " + plan.soakTime();
                rollouts.completeStageAndMoveOn(
                        campaign,
                        ROLLOUT,
                        ready.didNotUpdate().isEmpty() ? passed : passed + "; " + ready.didNotUpdate());
                return true;
            }
        }
    }

    /** Locks the campaign an event is about; an event about a campaign this service never had is dead-lettered. */
    private Campaign lockOrReject(UUID id) {
        if (campaigns.find(id).isEmpty()) {
            throw new MalformedEventException("event for unknown campaign " + id);
        }
        return campaigns.lock(id);
    }
}

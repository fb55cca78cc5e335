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
 * vehicle was dispatched; after the last stage passed, the campaign completes when every vehicle has an outcome (a FAIL
 * verdict until then still pauses it); a completed rollback ends the campaign as ROLLED_BACK.
 */
@Component
class StageGate {

    /** The cohort the health service uses for every vehicle of a stage. */
    static final String WHOLE_STAGE = "all";

    static final String HEALTH_SERVICE = "health-service";
    static final String ROLLBACK_SERVICE = "rollback-service";

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
        String detail = "%s %s: %d/%d failed, upper bound %.4f vs threshold %.4f (%s)"
                .formatted(
                        verdict.outcome(),
                        verdict.cohort(),
                        verdict.failures(),
                        verdict.samples(),
                        verdict.failureRateUpperBound(),
                        verdict.threshold(),
                        verdict.rule());
        store.logVerdict(verdict);
        // A FAIL of any cohort (a hardware id, a model) stops the stage; only the whole stage's verdict may pass it,
        // so a healthy hardware id cannot advance a stage whose other vehicles are still soaking or failing.
        if (verdict.outcome() == VerdictOutcome.FAIL || WHOLE_STAGE.equals(verdict.cohort())) {
            store.verdict(campaign.id(), verdict.stage(), verdict.outcome().name(), detail, clock.instant());
        }
        if (verdict.outcome() == VerdictOutcome.FAIL) {
            store.stageState(campaign.id(), verdict.stage(), StageState.FAILED, clock.instant());
            if (campaign.state() == CampaignState.RUNNING) {
                campaigns.transition(campaign.id(), CampaignAction.PAUSE, HEALTH_SERVICE, "stage failed: " + detail);
            }
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
            return rollouts.completeIfEveryVehicleFinished(campaign, "rollout");
        }
        if (view == null || !plan.autoAdvance() || !"PASS".equals(view.verdict()) || view.dispatchedAt() == null) {
            return false;
        }
        Instant now = clock.instant();
        if (now.isBefore(view.dispatchedAt().plus(plan.soakTime()))) {
            return false;
        }
        rollouts.completeStageAndMoveOn(
                campaign, "rollout", "stage " + stage + " passed and soaked " + plan.soakTime());
        return true;
    }

    /** Locks the campaign an event is about; an event about a campaign this service never had is dead-lettered. */
    private Campaign lockOrReject(UUID id) {
        if (campaigns.find(id).isEmpty()) {
            throw new MalformedEventException("event for unknown campaign " + id);
        }
        return campaigns.lock(id);
    }
}

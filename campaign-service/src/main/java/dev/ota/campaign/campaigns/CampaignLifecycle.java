package dev.ota.campaign.campaigns;

import static dev.ota.campaign.campaigns.CampaignAction.ABORT;
import static dev.ota.campaign.campaigns.CampaignAction.ADVANCE;
import static dev.ota.campaign.campaigns.CampaignAction.APPROVE;
import static dev.ota.campaign.campaigns.CampaignAction.COMPLETE;
import static dev.ota.campaign.campaigns.CampaignAction.PAUSE;
import static dev.ota.campaign.campaigns.CampaignAction.REJECT;
import static dev.ota.campaign.campaigns.CampaignAction.RESUME;
import static dev.ota.campaign.campaigns.CampaignAction.ROLL_BACK;
import static dev.ota.campaign.campaigns.CampaignAction.SCHEDULE;
import static dev.ota.campaign.campaigns.CampaignAction.START;
import static dev.ota.campaign.campaigns.CampaignAction.SUBMIT;
import static dev.ota.campaign.campaigns.CampaignState.ABORTED;
import static dev.ota.campaign.campaigns.CampaignState.APPROVED;
import static dev.ota.campaign.campaigns.CampaignState.COMPLETED;
import static dev.ota.campaign.campaigns.CampaignState.DRAFT;
import static dev.ota.campaign.campaigns.CampaignState.PAUSED;
import static dev.ota.campaign.campaigns.CampaignState.PENDING_APPROVAL;
import static dev.ota.campaign.campaigns.CampaignState.ROLLED_BACK;
import static dev.ota.campaign.campaigns.CampaignState.RUNNING;
import static dev.ota.campaign.campaigns.CampaignState.SCHEDULED;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The campaign state machine: DRAFT -> PENDING_APPROVAL -> APPROVED/SCHEDULED -> RUNNING (stage k) <-> PAUSED ->
 * COMPLETED | ABORTED | ROLLED_BACK. Anything not in the table is refused.
 */
public final class CampaignLifecycle {

    private static final Map<CampaignState, Map<CampaignAction, CampaignState>> TRANSITIONS =
            new EnumMap<>(CampaignState.class);

    static {
        allow(DRAFT, SUBMIT, PENDING_APPROVAL);
        allow(DRAFT, ABORT, ABORTED);
        allow(PENDING_APPROVAL, APPROVE, APPROVED);
        allow(PENDING_APPROVAL, REJECT, DRAFT);
        allow(PENDING_APPROVAL, ABORT, ABORTED);
        allow(APPROVED, SCHEDULE, SCHEDULED);
        allow(APPROVED, START, RUNNING);
        allow(APPROVED, ABORT, ABORTED);
        allow(SCHEDULED, START, RUNNING);
        allow(SCHEDULED, ABORT, ABORTED);
        allow(RUNNING, PAUSE, PAUSED);
        allow(RUNNING, ADVANCE, RUNNING);
        allow(RUNNING, COMPLETE, COMPLETED);
        allow(RUNNING, ABORT, ABORTED);
        allow(RUNNING, ROLL_BACK, ROLLED_BACK);
        allow(PAUSED, RESUME, RUNNING);
        allow(PAUSED, ABORT, ABORTED);
        allow(PAUSED, ROLL_BACK, ROLLED_BACK);
    }

    private CampaignLifecycle() {}

    private static void allow(CampaignState from, CampaignAction action, CampaignState to) {
        TRANSITIONS
                .computeIfAbsent(from, s -> new EnumMap<>(CampaignAction.class))
                .put(action, to);
    }

    /** The state after the action, or {@link IllegalTransitionException} when the action is not allowed. */
    public static CampaignState next(CampaignState from, CampaignAction action) {
        return allowed(from, action).orElseThrow(() -> new IllegalTransitionException(from, action));
    }

    public static Optional<CampaignState> allowed(CampaignState from, CampaignAction action) {
        return Optional.ofNullable(TRANSITIONS.getOrDefault(from, Map.of()).get(action));
    }
}

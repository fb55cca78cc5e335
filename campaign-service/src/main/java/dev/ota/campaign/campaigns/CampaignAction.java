package dev.ota.campaign.campaigns;

/** What may be done to a campaign; {@link CampaignLifecycle} says in which states. */
public enum CampaignAction {
    CREATE,
    SUBMIT,
    APPROVE,
    REJECT,
    SCHEDULE,
    START,
    PAUSE,
    RESUME,
    ADVANCE,
    COMPLETE,
    ABORT,
    ROLL_BACK
}

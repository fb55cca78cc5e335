package dev.ota.campaign.campaigns;

/** What the rollback service does when a stage fails (carried in CampaignCreated). */
public enum RollbackPolicy {
    PAUSE_ONLY,
    ROLLBACK_FAILED_VEHICLES,
    ROLLBACK_COHORT,
    ROLLBACK_STAGE
}

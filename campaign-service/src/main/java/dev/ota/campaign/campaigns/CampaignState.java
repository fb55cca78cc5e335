package dev.ota.campaign.campaigns;

/** Where a campaign is in its life. COMPLETED, ABORTED and ROLLED_BACK are final. */
public enum CampaignState {
    DRAFT,
    PENDING_APPROVAL,
    APPROVED,
    SCHEDULED,
    RUNNING,
    PAUSED,
    COMPLETED,
    ABORTED,
    ROLLED_BACK;

    public boolean isFinal() {
        return this == COMPLETED || this == ABORTED || this == ROLLED_BACK;
    }

    /** Running or paused: it holds vehicles and ECUs. */
    public boolean isUnderway() {
        return this == RUNNING || this == PAUSED;
    }
}

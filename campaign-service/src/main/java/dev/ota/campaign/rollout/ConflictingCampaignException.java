package dev.ota.campaign.rollout;

/** Targeted vehicles are already in another running or paused campaign that updates the same ECU hardware. */
public class ConflictingCampaignException extends IllegalStateException {

    public ConflictingCampaignException(String message) {
        super(message);
    }
}

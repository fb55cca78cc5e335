package dev.ota.campaign.rollout;

import dev.ota.campaign.campaigns.CampaignState;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One campaign a vehicle took part in, as the vehicle's page shows it: the campaign and its state (a rolled-back
 * campaign is the vehicle's rollback), the vehicle's stage, status, assignment and last reported phase.
 */
public record VehicleCampaign(
        UUID campaignId,
        String campaignName,
        CampaignState campaignState,
        int stage,
        VehicleStatus status,
        @Nullable UUID assignmentId,
        int attempts,
        @Nullable Instant assignedAt,
        @Nullable Instant lastProgressAt,
        @Nullable String phase,
        @Nullable String reason) {

    /** Whether the vehicle still waits for, or is installing, this campaign's update. */
    public boolean open() {
        return status == VehicleStatus.PENDING
                || status == VehicleStatus.ASSIGNED
                || status == VehicleStatus.IN_PROGRESS;
    }
}

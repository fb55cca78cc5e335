package dev.ota.campaign.dashboard;

import dev.ota.campaign.campaigns.Campaign;
import dev.ota.campaign.campaigns.CampaignState;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One row of the dashboard's campaign list. */
record CampaignSummary(
        UUID id,
        String name,
        CampaignState state,
        int currentStage,
        int stageCount,
        String createdBy,
        @Nullable String approvedBy,
        long dispatched,
        Instant updatedAt) {

    static CampaignSummary of(Campaign campaign) {
        return new CampaignSummary(
                campaign.id(),
                campaign.name(),
                campaign.state(),
                campaign.currentStage(),
                campaign.stageCount(),
                campaign.createdBy(),
                campaign.approvedBy(),
                campaign.dispatched(),
                campaign.updatedAt());
    }
}

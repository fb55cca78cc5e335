package dev.ota.campaign.campaigns;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A campaign as stored: its definition, state, people, and the rollout's position and rate-limit bucket. */
public record Campaign(
        UUID id,
        CampaignDefinition definition,
        CampaignState state,
        String createdBy,
        @Nullable String approvedBy,
        @Nullable Instant scheduledAt,
        int currentStage,
        int stageCount,
        double rateTokens,
        @Nullable Instant rateUpdatedAt,
        long dispatched,
        Instant createdAt,
        Instant updatedAt) {

    public String name() {
        return definition.name();
    }
}

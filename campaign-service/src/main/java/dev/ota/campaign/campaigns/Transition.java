package dev.ota.campaign.campaigns;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One recorded lifecycle transition: from, to, by what action, who, why, when. */
public record Transition(
        @Nullable CampaignState from,
        CampaignState to,
        CampaignAction action,
        String actor,
        String reason,
        Instant at) {}

package dev.ota.campaign.rollout;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One vehicle's progress in a campaign. */
public record CampaignVehicle(
        String vin,
        int stage,
        String stratum,
        VehicleStatus status,
        @Nullable UUID assignmentId,
        int attempts,
        @Nullable Instant nextAttemptAt,
        @Nullable Instant assignedAt,
        @Nullable Instant lastProgressAt,
        @Nullable String phase,
        @Nullable String reason) {}

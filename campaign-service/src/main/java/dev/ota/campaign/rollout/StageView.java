package dev.ota.campaign.rollout;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A stage with its vehicle counts by status. */
public record StageView(
        int stage,
        int planned,
        StageState state,
        @Nullable Instant startedAt,
        @Nullable Instant dispatchedAt,
        @Nullable String verdict,
        @Nullable String verdictDetail,
        @Nullable Instant completedAt,
        Map<VehicleStatus, Long> vehicles) {}

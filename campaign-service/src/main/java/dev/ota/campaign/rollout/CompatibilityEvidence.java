package dev.ota.campaign.rollout;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One recorded compatibility check of a vehicle against its last signed manifest (UNECE R156 7.1.1.7 evidence). */
public record CompatibilityEvidence(
        String vin,
        boolean compatible,
        String reasons,
        @Nullable Instant manifestAt,
        Instant checkedAt) {}

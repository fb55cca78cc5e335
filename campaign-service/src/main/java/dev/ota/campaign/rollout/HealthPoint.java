package dev.ota.campaign.rollout;

import java.time.Instant;

/** One verdict as received: the failure-rate bound against the threshold, for a stage and cohort, at a time. */
public record HealthPoint(
        int stage,
        String cohort,
        String outcome,
        long samples,
        long failures,
        double failureRateUpperBound,
        double threshold,
        Instant at) {}

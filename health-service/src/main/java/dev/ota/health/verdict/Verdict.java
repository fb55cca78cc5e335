package dev.ota.health.verdict;

import dev.ota.contracts.events.VerdictOutcome;

/** A decided verdict with the numbers behind it. */
record Verdict(
        VerdictOutcome outcome,
        long samples,
        long failures,
        double upperBound,
        double lowerBound,
        double threshold,
        String rule) {}

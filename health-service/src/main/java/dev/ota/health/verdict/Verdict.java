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
        String rule) {

    /** The same verdict, its rule led by what the verdict is about (e.g. an application DOWN); as is when empty. */
    Verdict namingFirst(String reason) {
        return reason.isEmpty()
                ? this
                : new Verdict(outcome, samples, failures, upperBound, lowerBound, threshold, reason + "; " + rule);
    }
}

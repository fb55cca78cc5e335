package dev.ota.health.verdict;

import java.time.Duration;

/** A stage's health criteria as the campaign announced them, with the size of the stage's cohort. */
record StageCriteria(
        int cohortSize, double maxFailureRate, int minSamples, double confidence, Duration soakTime, int maxDtcDelta) {}

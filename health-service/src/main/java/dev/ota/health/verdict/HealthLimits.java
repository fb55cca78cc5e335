package dev.ota.health.verdict;

import java.time.Duration;

/** What an assignment's vehicle must show to count as healthy: stay healthy for the soak time, DTCs within limit. */
public record HealthLimits(Duration soakTime, int maxDtcDelta) {}

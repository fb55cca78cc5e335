package dev.ota.health.verdict;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.ota.contracts.events.HealthCriteria;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A stage's health criteria as the campaign announced them, with the size of the stage's cohort. Read as JSON, the
 * criteria's fields sit beside {@code cohortSize}.
 */
public record StageCriteria(int cohortSize, @JsonUnwrapped HealthCriteria health) {

    double maxFailureRate() {
        return health.maxFailureRate();
    }

    int minSamples() {
        return health.minSamples();
    }

    double confidence() {
        return health.confidence();
    }

    /** The required application names per hardware id. */
    Map<String, Set<String>> requiredByHardware() {
        Map<String, Set<String>> byHardware = new HashMap<>();
        health.requiredApplications()
                .forEach(r -> byHardware
                        .computeIfAbsent(r.hardwareId(), hw -> new HashSet<>())
                        .add(r.name()));
        return byHardware;
    }
}

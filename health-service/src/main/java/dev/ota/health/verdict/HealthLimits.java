package dev.ota.health.verdict;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * What an assignment's vehicle must show to count as healthy: stay healthy for the soak time, DTCs within limit, and
 * the required applications of each ECU hardware id UP.
 *
 * @param requiredApplications application names per hardware id; hardware ids without any are absent
 */
public record HealthLimits(Duration soakTime, int maxDtcDelta, Map<String, Set<String>> requiredApplications) {

    public HealthLimits {
        requiredApplications = Map.copyOf(requiredApplications);
    }

    /** Whether the stage requires this application UP on ECUs of this hardware id. */
    public boolean requires(String hardwareId, String application) {
        return requiredApplications.getOrDefault(hardwareId, Set.of()).contains(application);
    }

    /** The applications the stage requires UP on ECUs of this hardware id. */
    public Set<String> requiredOn(String hardwareId) {
        return requiredApplications.getOrDefault(hardwareId, Set.of());
    }
}

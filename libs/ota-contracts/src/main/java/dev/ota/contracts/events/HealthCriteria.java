package dev.ota.contracts.events;

import dev.ota.contracts.MalformedEventException;
import java.time.Duration;

/**
 * What makes a stage healthy, handed by the campaign to the health service with each stage.
 *
 * @param maxFailureRate the highest acceptable failure rate (e.g. 0.05); FAIL when the rate is confidently above it
 * @param minSamples the fewest finished vehicles a verdict may be based on
 * @param confidence confidence level of the bound on the failure rate (e.g. 0.95)
 * @param soakTime how long an updated vehicle must stay healthy before it counts as a success
 * @param maxDtcDelta the most new diagnostic trouble codes an ECU may show against its pre-update baseline
 */
public record HealthCriteria(
        double maxFailureRate, int minSamples, double confidence, Duration soakTime, int maxDtcDelta) {

    public static final HealthCriteria DEFAULT = new HealthCriteria(0.05, 20, 0.95, Duration.ofMinutes(30), 0);

    public HealthCriteria {
        if (maxFailureRate < 0 || maxFailureRate > 1) {
            throw new MalformedEventException("maxFailureRate must be within 0..1");
        }
        if (confidence <= 0 || confidence >= 1) {
            throw new MalformedEventException("confidence must be within (0, 1)");
        }
        Require.nonNegative(minSamples, "minSamples");
        Require.present(soakTime, "soakTime");
        Require.nonNegative(maxDtcDelta, "maxDtcDelta");
    }
}

package dev.ota.contracts.events;

import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.NormalQuantile;
import dev.ota.contracts.WilsonScoreBound;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What makes a stage healthy, handed by the campaign to the health service with each stage.
 *
 * @param maxFailureRate the highest acceptable failure rate (e.g. 0.05); FAIL when the rate is confidently above it
 * @param minSamples the fewest finished vehicles a verdict may be based on
 * @param confidence confidence level of the bound on the failure rate (e.g. 0.95)
 * @param soakTime how long an updated vehicle must stay healthy before it counts as a success
 * @param maxDtcDelta the most new diagnostic trouble codes an ECU may show against its pre-update baseline
 * @param requiredApplications applications that must be UP through the soak, per ECU hardware id: a vehicle on which
 *     one is DOWN fails, and one whose ECU never reported it UP does not confirm; at most
 *     {@value #MAX_REQUIRED_APPLICATIONS}, each (hardware id, name) once; empty when none are required
 */
public record HealthCriteria(
        double maxFailureRate,
        int minSamples,
        double confidence,
        Duration soakTime,
        int maxDtcDelta,
        List<RequiredApplication> requiredApplications) {

    /** The most required applications one campaign may name. */
    public static final int MAX_REQUIRED_APPLICATIONS = 64;

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
        requiredApplications = checked(requiredApplications);
    }

    /** Criteria that require no named application. */
    public HealthCriteria(
            double maxFailureRate, int minSamples, double confidence, Duration soakTime, int maxDtcDelta) {
        this(maxFailureRate, minSamples, confidence, soakTime, maxDtcDelta, List.of());
    }

    /**
     * The fewest vehicles a stage needs to be able to PASS at all: all of them healthy, the one-sided Wilson upper bound
     * of the failure rate at {@code confidence} is {@code z²/(n+z²)}, at or below {@code maxFailureRate} only from
     * {@code n = z²(1-r)/r} on; and never fewer than {@code minSamples}. A smaller stage can only end
     * INSUFFICIENT_DATA (or FAIL). Empty when {@code maxFailureRate} is 0: no sample proves a rate of exactly 0.
     */
    public OptionalInt smallestPassingStage() {
        if (maxFailureRate == 0) {
            return OptionalInt.empty();
        }
        double z = NormalQuantile.of(confidence);
        // the closed form, then a step either way so the figure is exactly the verdict rule's, rounding included
        long n = Math.max(1, (long) Math.floor(z * z * (1 - maxFailureRate) / maxFailureRate));
        while (upperBoundWithNoFailure(n) > maxFailureRate) {
            n++;
        }
        while (n > 1 && upperBoundWithNoFailure(n - 1) <= maxFailureRate) {
            n--;
        }
        long smallest = Math.max(n, minSamples);
        return smallest > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) smallest);
    }

    /** The Wilson upper bound on the failure rate with no failure among {@code n}, as the health service bounds it. */
    public double upperBoundWithNoFailure(long n) {
        return WilsonScoreBound.of(0, n, confidence).upper();
    }

    private static List<RequiredApplication> checked(@Nullable List<RequiredApplication> required) {
        if (required == null) {
            return List.of();
        }
        if (required.size() > MAX_REQUIRED_APPLICATIONS) {
            throw new MalformedEventException(
                    "requiredApplications lists " + required.size() + ", more than " + MAX_REQUIRED_APPLICATIONS);
        }
        Set<RequiredApplication> seen = new HashSet<>();
        for (RequiredApplication application : required) {
            if (application == null) {
                throw new MalformedEventException("requiredApplications must not contain null");
            }
            if (!seen.add(application)) {
                throw new MalformedEventException("requiredApplications names " + application.name() + " on hardware "
                        + application.hardwareId() + " twice");
            }
        }
        return List.copyOf(required);
    }
}

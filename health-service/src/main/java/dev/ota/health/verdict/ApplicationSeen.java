package dev.ota.health.verdict;

import java.util.Comparator;
import java.util.UUID;

/**
 * A vehicle of a stage reported an application of one hardware id DEGRADED or DOWN for the first time: what moves the
 * stage's application counts.
 */
public record ApplicationSeen(
        UUID campaignId, int stage, String hardwareId, String name, boolean newlyDegraded, boolean newlyDown) {

    static final Comparator<ApplicationSeen> ORDER =
            Comparator.comparing(ApplicationSeen::hardwareId).thenComparing(ApplicationSeen::name);
}

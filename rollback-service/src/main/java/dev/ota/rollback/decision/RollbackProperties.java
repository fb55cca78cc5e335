package dev.ota.rollback.decision;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Rollback settings ({@code ota.rollback.*}).
 *
 * @param minHealthyVehicles an image is pre-validated once it ran healthily on this many distinct vehicles
 * @param sweepInterval how often decisions a crash left unissued are looked for
 */
@Validated
@ConfigurationProperties("ota.rollback")
record RollbackProperties(long minHealthyVehicles, Duration sweepInterval) {

    RollbackProperties {
        minHealthyVehicles = minHealthyVehicles <= 0 ? 20 : minHealthyVehicles;
        sweepInterval = sweepInterval == null ? Duration.ofSeconds(5) : sweepInterval;
    }
}

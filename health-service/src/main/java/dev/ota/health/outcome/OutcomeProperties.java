package dev.ota.health.outcome;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Outcome tracking settings ({@code ota.health.outcomes.*}).
 *
 * @param evaluationInterval how often soaked vehicles are promoted and overdue ones timed out
 * @param installTimeout an assignment that has not rebooted into the update by then is timed out (counts as a failure)
 * @param confirmationTimeout after the soak time, how long to wait for every ECU's first good beacon
 * @param beaconCacheSize assignments remembered in memory to skip beacons that cannot change anything
 */
@Validated
@ConfigurationProperties("ota.health.outcomes")
record OutcomeProperties(
        Duration evaluationInterval, Duration installTimeout, Duration confirmationTimeout, int beaconCacheSize) {

    OutcomeProperties {
        evaluationInterval = evaluationInterval == null ? Duration.ofSeconds(5) : evaluationInterval;
        installTimeout = installTimeout == null ? Duration.ofHours(24) : installTimeout;
        confirmationTimeout = confirmationTimeout == null ? Duration.ofHours(1) : confirmationTimeout;
        beaconCacheSize = beaconCacheSize <= 0 ? 1_000_000 : beaconCacheSize;
    }
}

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
 * @param beaconBatchSize most beacons taken from Kafka per poll, and so applied in one transaction
 * @param beaconConsumers beacon consumer threads (each takes its share of the topic's partitions)
 */
@Validated
@ConfigurationProperties("ota.health.outcomes")
record OutcomeProperties(
        Duration evaluationInterval,
        Duration installTimeout,
        Duration confirmationTimeout,
        int beaconCacheSize,
        int beaconBatchSize,
        int beaconConsumers) {

    OutcomeProperties {
        evaluationInterval = evaluationInterval == null ? Duration.ofSeconds(5) : evaluationInterval;
        installTimeout = installTimeout == null ? Duration.ofHours(24) : installTimeout;
        confirmationTimeout = confirmationTimeout == null ? Duration.ofHours(1) : confirmationTimeout;
        beaconCacheSize = beaconCacheSize <= 0 ? 1_000_000 : beaconCacheSize;
        beaconBatchSize = beaconBatchSize <= 0 ? 2_000 : beaconBatchSize;
        beaconConsumers = beaconConsumers <= 0 ? 1 : beaconConsumers;
    }
}

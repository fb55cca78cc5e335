package dev.ota.campaign.rollout;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Rollout engine settings ({@code ota.campaign.rollout.*}).
 *
 * @param dispatchInterval how often running campaigns hand out assignments
 * @param batchSize most assignments per campaign per round (one transaction)
 * @param gateInterval how often stage gates, timeouts, schedules and continuous targeting are checked
 * @param geofenceRecheck how long a vehicle held back by a geofence waits before it is looked at again
 */
@Validated
@ConfigurationProperties("ota.campaign.rollout")
public record RolloutProperties(
        Duration dispatchInterval, int batchSize, Duration gateInterval, Duration geofenceRecheck) {

    public RolloutProperties {
        dispatchInterval = dispatchInterval == null ? Duration.ofMillis(200) : dispatchInterval;
        batchSize = batchSize <= 0 ? 1000 : batchSize;
        gateInterval = gateInterval == null ? Duration.ofSeconds(1) : gateInterval;
        geofenceRecheck = geofenceRecheck == null ? Duration.ofMinutes(5) : geofenceRecheck;
    }
}

package dev.ota.platform.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How consumers retry a record whose processing failed ({@code ota.messaging.consumer-retry.*}); see {@link
 * FailureClassifier} for which failure is which.
 *
 * @param initialInterval the first back-off after a transient failure
 * @param multiplier how much each further back-off grows
 * @param maxInterval the longest back-off: a transient failure is retried at least this often, without limit
 * @param unclassifiedAttempts deliveries of a record whose failure is neither transient nor permanent (a bug, an
 *     unknown exception) before it is dead-lettered
 */
@Validated
@ConfigurationProperties("ota.messaging.consumer-retry")
public record ConsumerRetryProperties(
        Duration initialInterval, double multiplier, Duration maxInterval, int unclassifiedAttempts) {

    public ConsumerRetryProperties {
        initialInterval = initialInterval == null ? Duration.ofMillis(500) : initialInterval;
        multiplier = multiplier < 1 ? 2.0 : multiplier;
        maxInterval = maxInterval == null ? Duration.ofSeconds(30) : maxInterval;
        unclassifiedAttempts = unclassifiedAttempts <= 0 ? 3 : unclassifiedAttempts;
        if (maxInterval.compareTo(initialInterval) < 0) {
            throw new IllegalArgumentException("ota.messaging.consumer-retry.max-interval (" + maxInterval
                    + ") is shorter than the initial interval (" + initialInterval + ")");
        }
    }
}

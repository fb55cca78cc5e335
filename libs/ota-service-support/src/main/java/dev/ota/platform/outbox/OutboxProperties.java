package dev.ota.platform.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Outbox relay settings ({@code ota.outbox.*}).
 *
 * @param enabled whether this process relays (tests switch it off to simulate a crash after commit)
 * @param pollInterval how often the relay looks for events besides being woken on commit
 * @param batchSize events sent per round
 * @param sendTimeout how long to wait for Kafka to acknowledge a batch before trying again later
 */
@Validated
@ConfigurationProperties("ota.outbox")
public record OutboxProperties(boolean enabled, Duration pollInterval, int batchSize, Duration sendTimeout) {

    public OutboxProperties {
        pollInterval = pollInterval == null ? Duration.ofMillis(200) : pollInterval;
        batchSize = batchSize <= 0 ? 500 : batchSize;
        sendTimeout = sendTimeout == null ? Duration.ofSeconds(10) : sendTimeout;
    }
}

package dev.ota.platform.outbox;

import dev.ota.platform.kafka.KafkaProducers;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.validation.annotation.Validated;

/**
 * Outbox relay settings ({@code ota.outbox.*}).
 *
 * @param enabled whether this process relays (tests switch it off to simulate a crash after commit)
 * @param pollInterval how often the relay looks for events besides being woken on commit
 * @param batchSize events sent per round
 * @param sendTimeout how long to wait for Kafka to acknowledge a batch before trying it again; longer than the
 *     producer's delivery timeout ({@link KafkaProducers#DELIVERY_TIMEOUT}), so the relay gives up on a batch only
 *     once the producer has given up on it too. A relay that gave up earlier sent the batch again while the producer
 *     still held the first copy, and Kafka got both once it was back (found by the Kafka restart system test).
 * @param quarantineAfter how many times Kafka may refuse a row for good (too large, invalid topic) before it is moved
 *     to {@code outbox_quarantine} and the relay goes on without it
 */
@Validated
@ConfigurationProperties("ota.outbox")
public record OutboxProperties(
        boolean enabled, Duration pollInterval, int batchSize, Duration sendTimeout, int quarantineAfter) {

    public OutboxProperties(boolean enabled, Duration pollInterval, int batchSize, Duration sendTimeout) {
        this(enabled, pollInterval, batchSize, sendTimeout, 0);
    }

    @ConstructorBinding
    public OutboxProperties {
        pollInterval = pollInterval == null ? Duration.ofMillis(200) : pollInterval;
        batchSize = batchSize <= 0 ? 500 : batchSize;
        sendTimeout = sendTimeout == null ? KafkaProducers.DELIVERY_TIMEOUT.plusSeconds(5) : sendTimeout;
        quarantineAfter = quarantineAfter <= 0 ? 5 : quarantineAfter;
        if (sendTimeout.compareTo(KafkaProducers.DELIVERY_TIMEOUT) <= 0) {
            throw new IllegalArgumentException("ota.outbox.send-timeout (" + sendTimeout
                    + ") must be longer than the producer's delivery timeout ("
                    + KafkaProducers.DELIVERY_TIMEOUT + "), or batches Kafka gets late are sent twice");
        }
    }
}

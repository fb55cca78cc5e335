package dev.ota.platform.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How long {@code inbox_event} remembers an applied event id ({@code ota.inbox.*}).
 *
 * <p>Pruning is safe when no copy of an event can arrive after its inbox row is gone. Copies come from Kafka
 * redelivering a record (a rebalance before the offset commit, a consumer group reset to the earliest offset) and
 * from the outbox relay resending after a crash (within seconds); either way the record is still in its topic, and
 * the platform topics keep records 7 days ({@code retention.ms} in deploy/k8s/infrastructure/topics.yaml). An inbox
 * row is written when the event is applied, which is never before the record was written, so a row kept longer than
 * the topic's retention outlives every copy Kafka can still deliver. A record replayed from a dead-letter topic (kept
 * 30 days) was never applied, so it has no inbox row to miss.
 *
 * @param retention how old an inbox row must be to be pruned; longer than {@link #LONGEST_TOPIC_RETENTION}
 * @param pruneInterval how often the pruning job runs
 */
@Validated
@ConfigurationProperties("ota.inbox")
public record InboxRetention(Duration retention, Duration pruneInterval) {

    /** The longest {@code retention.ms} of a topic read by an idempotent consumer (deploy/k8s/infrastructure). */
    public static final Duration LONGEST_TOPIC_RETENTION = Duration.ofDays(7);

    public InboxRetention {
        retention = retention == null ? Duration.ofDays(14) : retention;
        pruneInterval = pruneInterval == null ? Duration.ofHours(1) : pruneInterval;
        if (retention.compareTo(LONGEST_TOPIC_RETENTION) <= 0) {
            throw new IllegalArgumentException("ota.inbox.retention (" + retention
                    + ") must be longer than the topics' retention (" + LONGEST_TOPIC_RETENTION
                    + "), or a redelivered event whose inbox row is gone is applied twice");
        }
        if (pruneInterval.isNegative() || pruneInterval.isZero()) {
            throw new IllegalArgumentException("ota.inbox.prune-interval must be positive");
        }
    }
}

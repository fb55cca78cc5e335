package dev.ota.platform.outbox;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.springframework.kafka.core.KafkaProducerException;

/**
 * Whether Kafka refused one outbox row for good, so sending it again can never succeed whatever the state of the
 * cluster: it is larger than {@code max.request.size} or the broker's {@code message.max.bytes} ({@link
 * RecordTooLargeException}), cannot be serialised, names a topic that is not a valid name, or the broker calls the
 * record itself invalid. Such a row is quarantined after a few attempts.
 *
 * <p>Not refusals of the row: every retriable error (timeouts, leader changes, not enough replicas), an unknown topic
 * (it may be created), and authorization or authentication failures. A missing ACL or an expired certificate is the
 * cluster's configuration, not the row's fault: it would refuse every row of that topic, and quarantining them would
 * quietly divert a whole stream of events. Those are retried without limit until an operator fixes the cause (the
 * relay logs and counts each failed round).
 */
final class KafkaRefusal {

    private KafkaRefusal() {}

    /**
     * Reads the cause chain: the template reports a refusal wrapped ({@code KafkaProducerException} in an {@link
     * ExecutionException} once sent, a {@code KafkaException} when the producer refused it before sending).
     */
    static boolean isPermanentForTheRow(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
            if (t instanceof RecordTooLargeException
                    || t instanceof SerializationException
                    || t instanceof InvalidTopicException
                    || t instanceof InvalidRecordException) {
                return true;
            }
        }
        return false;
    }

    /** The Kafka exception that refused the row, or the failure itself: what the logs and the quarantine name. */
    static Throwable cause(Throwable failure) {
        Throwable t = failure;
        Throwable inner = t.getCause();
        while (inner != null
                && (t instanceof ExecutionException
                        || t instanceof KafkaProducerException
                        || t instanceof org.springframework.kafka.KafkaException)) {
            t = inner;
            inner = t.getCause();
        }
        return t;
    }
}

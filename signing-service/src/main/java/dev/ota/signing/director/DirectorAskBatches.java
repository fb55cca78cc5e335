package dev.ota.signing.director;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.events.DirectorMetadataRequested;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.platform.messaging.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * The asks of one Kafka poll (batch mode, native decoding: the payloads are the record values as bytes, the key,
 * partition and offset headers lists in the same order), answered together by {@link DirectorAnswers#answerAll}: one
 * read of the stored metadata for the whole poll rather than one per ask. A record that is not an event goes to
 * {@code ota.director.requests.dlq} with the reason; other event types are skipped. A poll that cannot be answered
 * (the database away) is dropped and logged, not retried: an ask is only worth answering now, and every vehicle asks
 * again at its next interval.
 *
 * <p>Batch consumers like this one belong in {@code ota-service-support} ({@code InboundEvents}), as the conventions
 * ask; that module was closed to this change, so it lives here, as the audit log's does.
 */
final class DirectorAskBatches implements Consumer<Message<List<byte[]>>> {

    private static final Logger log = LoggerFactory.getLogger(DirectorAskBatches.class);

    private final DirectorAnswers answers;
    private final DeadLetters deadLetters;

    DirectorAskBatches(DirectorAnswers answers, DeadLetters deadLetters) {
        this.answers = answers;
        this.deadLetters = deadLetters;
    }

    @Override
    public void accept(Message<List<byte[]>> message) {
        MessageHeaders headers = message.getHeaders();
        List<byte[]> payloads = message.getPayload();
        List<DirectorMetadataRequested> asks = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            byte[] payload = payloads.get(i);
            Optional<OtaEvent> event;
            try {
                event = EventCodec.decode(payload);
            } catch (MalformedEventException malformed) {
                deadLetters.send(
                        topic(headers, i),
                        text(element(headers, KafkaHeaders.RECEIVED_KEY, i)),
                        payload,
                        element(headers, KafkaHeaders.RECEIVED_PARTITION, i) + ":"
                                + element(headers, KafkaHeaders.OFFSET, i),
                        String.valueOf(malformed.getMessage()));
                continue;
            }
            event.filter(DirectorMetadataRequested.class::isInstance)
                    .map(DirectorMetadataRequested.class::cast)
                    .ifPresent(asks::add);
        }
        try {
            answers.answerAll(asks);
        } catch (RuntimeException failure) {
            log.warn("{} director asks dropped unanswered (the vehicles ask again)", asks.size(), failure);
        }
    }

    private static String topic(MessageHeaders headers, int i) {
        Object topic = element(headers, KafkaHeaders.RECEIVED_TOPIC, i);
        return topic == null ? dev.ota.contracts.Topics.DIRECTOR_REQUESTS : topic.toString();
    }

    /** The {@code i}th value of a per-record batch header; null when the header is absent. */
    private static @Nullable Object element(MessageHeaders headers, String name, int i) {
        Object value = headers.get(name);
        return value instanceof List<?> list && list.size() > i ? list.get(i) : null;
    }

    private static @Nullable String text(@Nullable Object value) {
        return switch (value) {
            case null -> null;
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            default -> value.toString();
        };
    }
}

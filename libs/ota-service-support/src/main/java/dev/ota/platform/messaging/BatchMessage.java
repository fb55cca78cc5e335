package dev.ota.platform.messaging;

import dev.ota.contracts.MalformedEventException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;

/**
 * Reads the message a Spring Cloud Stream batch binding hands its consumer (batch mode, native decoding: the payloads
 * are the record values as bytes; topic, key, partition and offset are header lists in the same order) as a poll for
 * {@link BatchFailures}: each record's {@link Polled.Origin} and what the consumer decodes from it.
 */
public final class BatchMessage {

    /** What a consumer makes of one record. */
    @FunctionalInterface
    public interface Decoder<T> {

        /**
         * @return the value to apply, or empty to skip the record (e.g. an event type the consumer does not handle)
         * @throws MalformedEventException when the record is not what the topic carries: dead-lettered with its message
         */
        Optional<T> decode(Polled.Origin origin);
    }

    private BatchMessage() {}

    /**
     * @param fallbackTopic the topic when the binder gave none (never the case with a Kafka binder)
     * @return the records the consumer decoded or refused, in poll order, without the skipped ones
     */
    public static <T> List<Polled<T>> poll(Message<List<byte[]>> message, String fallbackTopic, Decoder<T> decoder) {
        MessageHeaders headers = message.getHeaders();
        List<byte[]> payloads = message.getPayload();
        List<?> topics = list(headers, KafkaHeaders.RECEIVED_TOPIC, payloads.size());
        List<?> keys = list(headers, KafkaHeaders.RECEIVED_KEY, payloads.size());
        List<?> partitions = list(headers, KafkaHeaders.RECEIVED_PARTITION, payloads.size());
        List<?> offsets = list(headers, KafkaHeaders.OFFSET, payloads.size());
        List<Polled<T>> poll = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            Object topic = topics.get(i);
            Polled.Origin origin = new Polled.Origin(
                    i,
                    topic == null ? fallbackTopic : topic.toString(),
                    (int) number(partitions.get(i)),
                    number(offsets.get(i)),
                    text(keys.get(i)),
                    payloads.get(i));
            try {
                decoder.decode(origin).ifPresent(value -> poll.add(new Polled.Decoded<>(origin, value)));
            } catch (MalformedEventException malformed) {
                poll.add(new Polled.Refused<>(
                        origin, Objects.requireNonNullElse(malformed.getMessage(), "not an event")));
            }
        }
        return poll;
    }

    /** A partition or offset header; -1 when absent (never from the binder, which sets both for every record). */
    private static long number(@Nullable Object header) {
        return header instanceof Number n ? n.longValue() : -1;
    }

    /** A per-record header of a batch; a list of nulls when the header is absent (a record without a key). */
    private static List<?> list(MessageHeaders headers, String name, int size) {
        Object value = headers.get(name);
        if (value instanceof List<?> list && list.size() == size) {
            return list;
        }
        List<@Nullable Object> none = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            none.add(null);
        }
        return none;
    }

    private static @Nullable String text(@Nullable Object key) {
        return switch (key) {
            case null -> null;
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            default -> key.toString();
        };
    }
}

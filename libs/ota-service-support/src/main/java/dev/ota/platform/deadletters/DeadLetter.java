package dev.ota.platform.deadletters;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.Headers;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One record of a dead-letter topic: the refused record unchanged (key, value, its own headers) and the {@code
 * ota-dlq-*} headers saying why and where from.
 *
 * @param position its place in the dead-letter topic
 * @param timestamp when it was dead-lettered
 * @param headers every header, as UTF-8 text (the last value of a repeated header)
 */
public record DeadLetter(
        Position position, Instant timestamp, @Nullable String key, byte[] value, Map<String, String> headers) {

    public DeadLetter {
        headers = Map.copyOf(headers);
    }

    public String reason() {
        return headers.getOrDefault(Headers.DEAD_LETTER_REASON, "");
    }

    /** The service that dead-lettered it. */
    public String consumer() {
        return headers.getOrDefault(Headers.DEAD_LETTER_CONSUMER, "");
    }

    public String sourceTopic() {
        return headers.getOrDefault(Headers.DEAD_LETTER_SOURCE_TOPIC, "");
    }

    /** Where it was read, {@code partition:offset} of the source topic (an MQTT topic for the gateway's refusals). */
    public String sourcePosition() {
        return headers.getOrDefault(Headers.DEAD_LETTER_SOURCE_POSITION, "");
    }

    /** Its event type: the header it carried, else the {@code type} field of its value (dead letters carry no copy). */
    public @Nullable String eventType() {
        String type = headers.get(Headers.EVENT_TYPE);
        return type != null ? type : field("type");
    }

    /** The event id it carried (header, else the {@code eventId} of its value), when it is a well-formed one. */
    public Optional<UUID> eventId() {
        String id = headers.get(Headers.EVENT_ID);
        if (id == null) {
            id = field("eventId");
        }
        if (id == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    /** A text field of the value when it is a JSON object; null when it is not (a dead letter may be any bytes). */
    private @Nullable String field(String name) {
        try {
            JsonNode tree = EventCodec.mapper().readTree(value);
            JsonNode field = tree == null ? null : tree.get(name);
            return field != null && field.isString() ? field.asString() : null;
        } catch (JacksonException notJson) {
            return null;
        }
    }

    /** The headers the record carried before it was dead-lettered (event type and id, trace context). */
    public Map<String, String> originalHeaders() {
        Map<String, String> original = new java.util.TreeMap<>(headers);
        original.keySet().removeIf(name -> name.startsWith("ota-dlq-"));
        return original;
    }
}

package dev.ota.contracts;

import dev.ota.contracts.events.OtaEvent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes events as JSON. The wire form is the record's fields plus {@code type} (the logical name) and
 * {@code schemaVersion}. Readers tolerate unknown fields, so producers may add fields without breaking consumers; an
 * unknown {@code type} is not an error (a newer producer), it is simply not decoded.
 */
public final class EventCodec {

    /** Larger messages are refused before parsing. */
    public static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private EventCodec() {}

    /** The mapper configured for the wire format, for callers that need to read nested JSON the same way. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(OtaEvent event) {
        return MAPPER.writeValueAsBytes(toTree(event));
    }

    public static String encodeToString(OtaEvent event) {
        return new String(encode(event), StandardCharsets.UTF_8);
    }

    static ObjectNode toTree(OtaEvent event) {
        ObjectNode fields = MAPPER.valueToTree(event);
        ObjectNode wire = MAPPER.createObjectNode();
        wire.put("type", event.type());
        wire.put("schemaVersion", event.schemaVersion());
        wire.setAll(fields);
        return wire;
    }

    /**
     * Decodes one event.
     *
     * @return the event, or empty when its type is not one this build knows (a newer producer)
     * @throws MalformedEventException when the bytes are not a well-formed event of a known type
     */
    public static Optional<OtaEvent> decode(byte[] bytes) {
        if (bytes.length > MAX_EVENT_BYTES) {
            throw new MalformedEventException(
                    "event of " + bytes.length + " bytes exceeds the limit of " + MAX_EVENT_BYTES);
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw new MalformedEventException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new MalformedEventException("an event must be a JSON object");
        }
        JsonNode typeNode = tree.get("type");
        if (typeNode == null || !typeNode.isString()) {
            throw new MalformedEventException("missing required field 'type'");
        }
        Optional<EventType> type = EventTypes.byName(typeNode.asString());
        if (type.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.treeToValue(tree, type.get().javaType()));
        } catch (MalformedEventException e) {
            throw e;
        } catch (JacksonException e) {
            if (e.getCause() instanceof MalformedEventException malformed) {
                throw malformed;
            }
            throw new MalformedEventException("invalid " + type.get().name() + ": " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            throw new MalformedEventException("invalid " + type.get().name() + ": " + e.getMessage(), e);
        }
    }

    /** Decodes an event of an expected type, refusing anything else. */
    public static <E extends OtaEvent> E decode(byte[] bytes, Class<E> expected) {
        OtaEvent event = decode(bytes)
                .orElseThrow(() -> new MalformedEventException("unknown event type, expected "
                        + EventTypes.typeOf(expected).name()));
        if (!expected.isInstance(event)) {
            throw new MalformedEventException(
                    "expected " + EventTypes.typeOf(expected).name() + " but got " + event.type());
        }
        return expected.cast(event);
    }
}

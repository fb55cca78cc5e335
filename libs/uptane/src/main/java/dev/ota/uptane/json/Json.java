package dev.ota.uptane.json;

import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses JSON into plain Java values ({@link Map}, {@link List}, {@link String}, {@link Long}, {@link BigInteger},
 * {@link Boolean}, {@code null}) and reads typed fields out of them. Unknown fields are kept, so a signature can be
 * checked over exactly what was signed (TUF 1.0 section 4.2: implementations must keep unrecognized fields).
 */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // OLPC canonical JSON writes control characters raw, so documents signed that way must still parse.
            .enable(tools.jackson.core.json.JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build();

    private Json() {}

    /** Parses a document; a float, a duplicate key or malformed JSON is a {@link MalformedMetadataException}. */
    public static Object parse(byte[] json) {
        try {
            return document(MAPPER.readValue(json, Object.class));
        } catch (JacksonException e) {
            throw new MalformedMetadataException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static Object parse(String json) {
        try {
            return document(MAPPER.readValue(json, Object.class));
        } catch (JacksonException e) {
            throw new MalformedMetadataException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static Object parse(InputStream json) {
        try {
            return document(MAPPER.readValue(json, Object.class));
        } catch (JacksonException e) {
            throw new MalformedMetadataException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Pretty, non-canonical text, for humans only. */
    public static String pretty(Object value) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    }

    private static Object document(@Nullable Object parsed) {
        Object document = normalise(parsed);
        if (document == null) {
            throw new MalformedMetadataException("a JSON document must not be null");
        }
        return document;
    }

    private static @Nullable Object normalise(@Nullable Object value) {
        return switch (value) {
            case null -> null;
            case Integer i -> i.longValue();
            case Map<?, ?> m -> {
                var copy = new LinkedHashMap<String, @Nullable Object>();
                m.forEach((k, v) -> copy.put((String) k, normalise(v)));
                yield copy;
            }
            case List<?> l -> {
                var copy = new ArrayList<@Nullable Object>(l.size());
                l.forEach(v -> copy.add(normalise(v)));
                yield copy;
            }
            case Double d -> throw new MalformedMetadataException("floating point numbers are not canonical JSON");
            case Float f -> throw new MalformedMetadataException("floating point numbers are not canonical JSON");
            case java.math.BigDecimal d ->
                throw new MalformedMetadataException("floating point numbers are not canonical JSON");
            default -> value;
        };
    }

    // ---- typed field access ----

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(@Nullable Object value, String what) {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new MalformedMetadataException(what + " must be a JSON object");
    }

    public static Map<String, Object> object(Map<String, Object> parent, String field) {
        return object(parent.get(field), field);
    }

    public static @Nullable Map<String, Object> optionalObject(Map<String, Object> parent, String field) {
        Object v = parent.get(field);
        return v == null ? null : object(v, field);
    }

    public static List<Object> array(Map<String, Object> parent, String field) {
        Object v = parent.get(field);
        if (v instanceof List<?> l) {
            @SuppressWarnings("unchecked")
            var list = (List<Object>) l;
            return list;
        }
        throw new MalformedMetadataException(field + " must be a JSON array");
    }

    public static List<String> strings(Map<String, Object> parent, String field) {
        var out = new ArrayList<String>();
        for (Object o : array(parent, field)) {
            if (!(o instanceof String s)) {
                throw new MalformedMetadataException(field + " must hold strings");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    public static String string(Map<String, Object> parent, String field) {
        if (parent.get(field) instanceof String s) {
            return s;
        }
        throw new MalformedMetadataException(field + " must be a string");
    }

    public static @Nullable String optionalString(Map<String, Object> parent, String field) {
        Object v = parent.get(field);
        return v == null ? null : string(parent, field);
    }

    public static long integer(Map<String, Object> parent, String field) {
        Object v = parent.get(field);
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Integer i) {
            return i;
        }
        throw new MalformedMetadataException(field + " must be an integer");
    }

    public static @Nullable Long optionalInteger(Map<String, Object> parent, String field) {
        return parent.get(field) == null ? null : integer(parent, field);
    }

    public static boolean bool(Map<String, Object> parent, String field, boolean absent) {
        Object v = parent.get(field);
        if (v == null) {
            return absent;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new MalformedMetadataException(field + " must be a boolean");
    }

    public static Map<String, String> stringMap(Map<String, Object> parent, String field) {
        var out = new LinkedHashMap<String, String>();
        object(parent, field).forEach((k, v) -> {
            if (!(v instanceof String s)) {
                throw new MalformedMetadataException(field + "." + k + " must be a string");
            }
            out.put(k, s);
        });
        return out;
    }
}

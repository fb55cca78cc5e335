package dev.ota.contracts.events;

import dev.ota.contracts.MalformedEventException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Field checks for event constructors: a missing required field makes the event malformed, with a clear reason. */
final class Require {

    private Require() {}

    static <T> T present(@Nullable T value, String field) {
        if (value == null) {
            throw new MalformedEventException("missing required field '" + field + "'");
        }
        return value;
    }

    static String text(@Nullable String value, String field) {
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("missing required field '" + field + "'");
        }
        return value;
    }

    static <T> List<T> list(@Nullable List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    static <K, V> Map<K, V> map(@Nullable Map<K, V> value) {
        return value == null ? Map.of() : Map.copyOf(value);
    }

    static int nonNegative(int value, String field) {
        if (value < 0) {
            throw new MalformedEventException("field '" + field + "' must not be negative");
        }
        return value;
    }

    static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new MalformedEventException("field '" + field + "' must not be negative");
        }
        return value;
    }
}

package dev.ota.uptane.json;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * OLPC canonical JSON, the form TUF signs (TUF 1.0 section 4.2 "File formats: general principles"; the encoding is
 * the one of securesystemslib and go-securesystemslib).
 *
 * <ul>
 *   <li>object keys sorted by Unicode code point, no insignificant whitespace;
 *   <li>strings: only {@code "} and {@code \} are escaped, every other character (control characters included) is
 *       written as is, in UTF-8;
 *   <li>numbers: integers only; floating point values are refused;
 *   <li>literals {@code true}, {@code false}, {@code null}.
 * </ul>
 *
 * Accepted values: {@link Map} with {@link String} keys, {@link Collection}, {@link String}, {@link Integer}, {@link
 * Long}, {@link Short}, {@link Byte}, {@link BigInteger}, {@link Boolean}, {@code null} and {@link JsonValue}.
 */
public final class CanonicalJson {

    private CanonicalJson() {}

    /** The canonical UTF-8 bytes of a value. */
    public static byte[] encode(@org.jspecify.annotations.Nullable Object value) {
        var out = new Utf8Buffer(256);
        write(value, out);
        return out.toByteArray();
    }

    /** The canonical form as a Java string (same content as {@link #encode}, decoded). */
    public static String encodeToString(@org.jspecify.annotations.Nullable Object value) {
        return new String(encode(value), StandardCharsets.UTF_8);
    }

    private static void write(@org.jspecify.annotations.Nullable Object value, Utf8Buffer out) {
        switch (value) {
            case null -> out.ascii("null");
            case JsonValue jv -> write(jv.toJsonValue(), out);
            case String s -> writeString(s, out);
            case Boolean b -> out.ascii(b ? "true" : "false");
            case Integer i -> out.ascii(Integer.toString(i));
            case Long l -> out.ascii(Long.toString(l));
            case Short s -> out.ascii(Short.toString(s));
            case Byte b -> out.ascii(Byte.toString(b));
            case BigInteger bi -> out.ascii(bi.toString());
            case Map<?, ?> map -> writeObject(map, out);
            case Collection<?> list -> writeArray(list, out);
            case Object[] array -> writeArray(List.of(array), out);
            default ->
                throw new IllegalArgumentException("canonical JSON cannot encode "
                        + value.getClass().getName() + " (floating point and other types are not allowed)");
        }
    }

    private static void writeArray(Collection<?> list, Utf8Buffer out) {
        out.write('[');
        boolean first = true;
        for (Object element : list) {
            if (!first) {
                out.write(',');
            }
            first = false;
            write(element, out);
        }
        out.write(']');
    }

    private static void writeObject(Map<?, ?> map, Utf8Buffer out) {
        var keys = new ArrayList<String>(map.size());
        for (Object key : map.keySet()) {
            if (!(key instanceof String s)) {
                throw new IllegalArgumentException("canonical JSON object keys must be strings, got " + key);
            }
            keys.add(s);
        }
        if (keys.size() > 1) {
            keys.sort(CanonicalJson::compareCodePoints);
        }
        out.write('{');
        boolean first = true;
        for (String key : keys) {
            if (!first) {
                out.write(',');
            }
            first = false;
            writeString(key, out);
            out.write(':');
            write(map.get(key), out);
        }
        out.write('}');
    }

    /** Orders by Unicode code point (not UTF-16 unit), as Python's {@code sorted()} in securesystemslib does. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static void writeString(String s, Utf8Buffer out) {
        out.write('"');
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.write('\\');
                out.write(c);
            } else if (c < 0x80) {
                out.write(c);
            } else {
                int cp = s.codePointAt(i);
                if (Character.isSupplementaryCodePoint(cp)) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw new IllegalArgumentException("unpaired surrogate in string at index " + i);
                }
                out.utf8(cp);
            }
        }
        out.write('"');
    }

    /** A growable byte buffer that writes code points as UTF-8 without intermediate strings. */
    private static final class Utf8Buffer extends ByteArrayOutputStream {
        Utf8Buffer(int size) {
            super(size);
        }

        void ascii(String s) {
            for (int i = 0; i < s.length(); i++) {
                write(s.charAt(i));
            }
        }

        void utf8(int cp) {
            if (cp < 0x800) {
                write(0xC0 | (cp >> 6));
                write(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                write(0xE0 | (cp >> 12));
                write(0x80 | ((cp >> 6) & 0x3F));
                write(0x80 | (cp & 0x3F));
            } else {
                write(0xF0 | (cp >> 18));
                write(0x80 | ((cp >> 12) & 0x3F));
                write(0x80 | ((cp >> 6) & 0x3F));
                write(0x80 | (cp & 0x3F));
            }
        }
    }
}

package dev.ota.health.outcome;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.events.ApplicationCheck;
import dev.ota.contracts.events.ApplicationStatus;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.OtaEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Decodes a beacon in one streaming pass, straight into the record, instead of {@link EventCodec#decode(byte[])}'s
 * tree-then-bind (two passes and a tree per record): at a fleet's beacon rate the decoding is most of the work. Only
 * the canonical wire shape takes the fast path (every field once, strings, booleans and an integer where expected,
 * ISO-8601 instants, canonical UUIDs); anything else, including every malformed record, is handed to {@code
 * EventCodec}, so what is accepted and why something is refused stay exactly those of the contracts module.
 */
final class BeaconReader {

    private static final String TYPE = "ota.HealthBeacon.v1";

    private BeaconReader() {}

    /**
     * @return the event (a beacon, or whatever else the codec makes of the bytes), or empty for an unknown type
     * @throws MalformedEventException as {@link EventCodec#decode(byte[])} does
     */
    static Optional<OtaEvent> read(byte[] bytes) {
        HealthBeacon fast = fast(bytes);
        return fast != null ? Optional.of(fast) : EventCodec.decode(bytes);
    }

    private static @Nullable HealthBeacon fast(byte[] bytes) {
        if (bytes.length > EventCodec.MAX_EVENT_BYTES) {
            return null;
        }
        String type = null;
        UUID eventId = null;
        Instant occurredAt = null;
        String vin = null;
        UUID assignmentId = null;
        String ecuSerial = null;
        String hardwareId = null;
        Boolean bootOk = null;
        Boolean appStarted = null;
        Integer dtcDelta = null;
        Instant measuredAt = null;
        List<ApplicationCheck> applications = List.of();
        try (JsonParser parser = EventCodec.mapper().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "type" -> type = text(parser, value);
                    case "eventId" -> eventId = uuid(parser, value);
                    case "occurredAt" -> occurredAt = instant(parser, value);
                    case "vin" -> vin = text(parser, value);
                    case "assignmentId" -> assignmentId = uuid(parser, value);
                    case "ecuSerial" -> ecuSerial = text(parser, value);
                    case "hardwareId" -> hardwareId = text(parser, value);
                    case "bootOk" -> bootOk = bool(value);
                    case "appStarted" -> appStarted = bool(value);
                    case "dtcDelta" -> dtcDelta = value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : null;
                    case "measuredAt" -> measuredAt = instant(parser, value);
                    case "applications" -> {
                        List<ApplicationCheck> read = value == JsonToken.START_ARRAY ? applications(parser) : null;
                        if (read == null) {
                            return null; // not the canonical shape, or refused: the codec names the reason
                        }
                        applications = read;
                        continue;
                    }
                    default -> {
                        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                            parser.skipChildren();
                        }
                        continue;
                    }
                }
                if (value != JsonToken.VALUE_STRING
                        && value != JsonToken.VALUE_TRUE
                        && value != JsonToken.VALUE_FALSE
                        && value != JsonToken.VALUE_NUMBER_INT) {
                    return null; // null, nested or otherwise unusual: let the codec decide
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return null;
            }
        } catch (JacksonException | DateTimeParseException | IllegalArgumentException e) {
            return null;
        }
        if (!TYPE.equals(type)
                || eventId == null
                || occurredAt == null
                || vin == null
                || assignmentId == null
                || ecuSerial == null
                || hardwareId == null
                || bootOk == null
                || appStarted == null
                || dtcDelta == null
                || measuredAt == null) {
            return null;
        }
        try {
            return new HealthBeacon(
                    eventId,
                    occurredAt,
                    vin,
                    assignmentId,
                    ecuSerial,
                    hardwareId,
                    bootOk,
                    appStarted,
                    dtcDelta,
                    measuredAt,
                    applications);
        } catch (RuntimeException invalid) {
            return null; // the codec names the reason
        }
    }

    /**
     * The application checks of a beacon, the parser on the array's start; null when an element is not an object of
     * string fields (or null detail), or when a check is refused by its record (bounds, charset): the codec then decides
     * and names the reason. At most one check more than the limit is read.
     */
    private static @Nullable List<ApplicationCheck> applications(JsonParser parser) {
        List<ApplicationCheck> checks = new ArrayList<>();
        JsonToken element;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (element != JsonToken.START_OBJECT || checks.size() >= HealthBeacon.MAX_APPLICATIONS) {
                return null;
            }
            String name = null;
            String status = null;
            String detail = null;
            String field;
            while ((field = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_NULL && field.equals("detail")) {
                    continue;
                }
                if (value != JsonToken.VALUE_STRING) {
                    if (field.equals("name") || field.equals("status") || field.equals("detail")) {
                        return null;
                    }
                    parser.skipChildren();
                    continue;
                }
                switch (field) {
                    case "name" -> name = parser.getString();
                    case "status" -> status = parser.getString();
                    case "detail" -> detail = parser.getString();
                    default -> {}
                }
            }
            if (name == null || status == null) {
                return null;
            }
            try {
                checks.add(new ApplicationCheck(name, ApplicationStatus.valueOf(status), detail));
            } catch (RuntimeException refused) {
                return null;
            }
        }
        return checks;
    }

    private static @Nullable String text(JsonParser parser, JsonToken value) {
        return value == JsonToken.VALUE_STRING ? parser.getString() : null;
    }

    private static @Nullable UUID uuid(JsonParser parser, JsonToken value) {
        String text = text(parser, value);
        return text == null || text.length() != 36 ? null : UUID.fromString(text);
    }

    private static @Nullable Instant instant(JsonParser parser, JsonToken value) {
        String text = text(parser, value);
        if (text == null) {
            return null;
        }
        Instant canonical = canonicalUtc(text);
        return canonical != null ? canonical : Instant.parse(text);
    }

    /**
     * The form the codec writes, {@code 2026-11-26T10:15:30[.fraction]Z}, read without a {@code DateTimeFormatter}
     * (which costs more than the rest of the beacon). Anything else, or any field out of range, is left to {@code
     * Instant.parse}.
     */
    static @Nullable Instant canonicalUtc(String text) {
        int length = text.length();
        if (length < 20
                || length > 30
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':'
                || text.charAt(length - 1) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            nanos = digits(text, 20, length - 1);
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59 || nanos < 0) {
            return null;
        }
        if (day > YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal number in {@code text[from, to)}, or -1 if any character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static @Nullable Boolean bool(JsonToken value) {
        return value == JsonToken.VALUE_TRUE ? Boolean.TRUE : value == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
    }
}

package dev.ota.health.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.events.ApplicationCheck;
import dev.ota.contracts.events.ApplicationStatus;
import dev.ota.contracts.events.HealthBeacon;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BeaconReaderTests {

    private final HealthBeacon beacon = new HealthBeacon(
            UUID.randomUUID(),
            Instant.parse("2026-11-26T10:15:30.123456Z"),
            "VIN0001",
            UUID.randomUUID(),
            "VIN0001-ecu0",
            "brake-b",
            true,
            false,
            7,
            Instant.parse("2026-11-26T10:15:29Z"));

    @Test
    void readsTheWireFormOfABeaconAsTheCodecDoes() {
        byte[] wire = EventCodec.encode(beacon);

        assertThat(BeaconReader.read(wire)).contains(beacon).isEqualTo(EventCodec.decode(wire));
    }

    @Test
    void readsApplicationChecksAsTheCodecDoes() {
        HealthBeacon withApplications = new HealthBeacon(
                beacon.eventId(),
                beacon.occurredAt(),
                beacon.vin(),
                beacon.assignmentId(),
                beacon.ecuSerial(),
                beacon.hardwareId(),
                true,
                true,
                0,
                beacon.measuredAt(),
                List.of(
                        new ApplicationCheck("navigation", ApplicationStatus.DOWN, "map service crashed"),
                        new ApplicationCheck("radio", ApplicationStatus.UP, null)));
        byte[] wire = EventCodec.encode(withApplications);

        assertThat(BeaconReader.read(wire)).contains(withApplications).isEqualTo(EventCodec.decode(wire));
    }

    @Test
    void refusesApplicationChecksOutOfBoundsWithTheCodecsReason() {
        String unsafeName = withApplications("{\"name\":\"nav;drop\",\"status\":\"DOWN\"}");
        assertThatThrownBy(() -> BeaconReader.read(utf8(unsafeName)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("application name 'nav;drop' must be 1..64 characters");
        String overlong =
                withApplications("{\"name\":\"nav\",\"status\":\"DOWN\",\"detail\":\"" + "d".repeat(257) + "\"}");
        assertThatThrownBy(() -> BeaconReader.read(utf8(overlong)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("detail of application nav has 257 characters, more than the limit of 256");
    }

    /** The beacon's wire form with these application checks (JSON objects) instead of none. */
    private String withApplications(String checks) {
        String wire = EventCodec.encodeToString(beacon);
        assertThat(wire).contains("\"applications\":[]");
        return wire.replace("\"applications\":[]", "\"applications\":[" + checks + "]");
    }

    @Test
    void ignoresUnknownFieldsIncludingNestedOnes() {
        String wire = EventCodec.encodeToString(beacon)
                .replaceFirst("\\{", "{\"extra\":{\"a\":[1,{\"b\":null}]},\"more\":[true],\"n\":null,");

        assertThat(BeaconReader.read(utf8(wire))).contains(beacon);
    }

    @Test
    void refusesMalformedRecordsWithTheCodecsReason() {
        assertThatThrownBy(() -> BeaconReader.read(utf8("{\"type\":\"ota.HealthBeacon.v1\",\"vin\":")))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("not valid JSON");
        String withoutVin = EventCodec.encodeToString(beacon).replace("\"vin\":\"VIN0001\",", "");
        assertThatThrownBy(() -> BeaconReader.read(utf8(withoutVin)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("vin");
        String nullFlag = EventCodec.encodeToString(beacon).replace("\"bootOk\":true", "\"bootOk\":null");
        assertThatThrownBy(() -> BeaconReader.read(utf8(nullFlag))).isInstanceOf(MalformedEventException.class);
        String badId =
                EventCodec.encodeToString(beacon).replace(beacon.assignmentId().toString(), "1-1-1-1-1");
        assertThatThrownBy(() -> BeaconReader.read(utf8(badId))).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void leavesUnusualButValidShapesAndOtherTypesToTheCodec() {
        String quotedNumber = EventCodec.encodeToString(beacon).replace("\"dtcDelta\":7", "\"dtcDelta\":\"7\"");
        assertThat(BeaconReader.read(utf8(quotedNumber))).isEqualTo(EventCodec.decode(utf8(quotedNumber)));
        String unknownType = EventCodec.encodeToString(beacon).replace("ota.HealthBeacon.v1", "ota.HealthBeacon.v9");
        assertThat(BeaconReader.read(utf8(unknownType))).isEmpty();
    }

    @Test
    void readsCanonicalInstantsAsInstantParseDoesAndLeavesTheRestToIt() {
        for (String text : new String[] {
            "2026-11-26T10:15:30Z",
            "2026-11-26T10:15:30.1Z",
            "2026-11-26T10:15:30.123456789Z",
            "2024-02-29T23:59:59.000001Z",
            "1970-01-01T00:00:00Z"
        }) {
            assertThat(BeaconReader.canonicalUtc(text)).as(text).isEqualTo(Instant.parse(text));
        }
        for (String text : new String[] {
            "2026-11-26T10:15:30+01:00",
            "2025-02-29T10:15:30Z",
            "2026-11-26T24:00:00Z",
            "2026-11-26T10:15:30.Z",
            "2026-11-26T10:15:30.1234567890Z",
            "+12026-11-26T10:15:30Z",
            "2026-11-26 10:15:30Z"
        }) {
            assertThat(BeaconReader.canonicalUtc(text)).as(text).isNull();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

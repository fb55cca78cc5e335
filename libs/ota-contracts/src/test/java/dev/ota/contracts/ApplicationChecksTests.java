package dev.ota.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.HealthCriteria;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bounds of application checks in beacons and of required applications in criteria, as every reader sees them. */
class ApplicationChecksTests {

    private static final String BEACON = """
            {"type":"ota.HealthBeacon.v1","schemaVersion":1,"eventId":"00000000-0000-0000-0000-000000000001",
             "occurredAt":"2026-12-07T10:00:00Z","vin":"WVWZZZ1KZAW000001",
             "assignmentId":"00000000-0000-0000-0000-000000000002","ecuSerial":"ECU-1","hardwareId":"head-unit",
             "bootOk":true,"appStarted":true,"dtcDelta":0,"measuredAt":"2026-12-07T10:00:00Z"%s}
            """;

    @Test
    void aBeaconWithoutApplicationChecksStillReadsWithNone() {
        HealthBeacon beacon =
                EventCodec.decode(BEACON.formatted("").getBytes(StandardCharsets.UTF_8), HealthBeacon.class);

        assertThat(beacon.applications()).isEmpty();
    }

    @Test
    void readsNamedApplicationChecksWithStatusAndDetail() {
        HealthBeacon beacon = decode(",\"applications\":[{\"name\":\"navigation\",\"status\":\"DOWN\","
                + "\"detail\":\"map service crashed\"},{\"name\":\"tele.matics_2\",\"status\":\"UP\"}]");

        assertThat(beacon.applications()).hasSize(2);
        assertThat(beacon.applications().getFirst().detail()).isEqualTo("map service crashed");
    }

    @Test
    void refusesMoreApplicationChecksThanTheLimit() {
        StringBuilder checks = new StringBuilder(",\"applications\":[");
        for (int i = 0; i < 33; i++) {
            checks.append(i == 0 ? "" : ",").append("{\"name\":\"app").append(i).append("\",\"status\":\"UP\"}");
        }
        assertThatThrownBy(() -> decode(checks + "]"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("33 application checks exceed the limit of 32 per beacon");
    }

    @Test
    void refusesNamesOutsideTheSafeCharsetOrLength() {
        assertThatThrownBy(() -> decode(",\"applications\":[{\"name\":\"nav<script>\",\"status\":\"UP\"}]"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("application name 'nav<script>' must be 1..64 characters");
        assertThatThrownBy(() -> decode(",\"applications\":[{\"name\":\"" + "n".repeat(65) + "\",\"status\":\"UP\"}]"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("must be 1..64 characters");
    }

    @Test
    void refusesAnOverlongDetailAnUnknownStatusAndATwiceCheckedName() {
        assertThatThrownBy(() -> decode(",\"applications\":[{\"name\":\"navigation\",\"status\":\"DOWN\",\"detail\":\""
                        + "x".repeat(257) + "\"}]"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("detail of application navigation has 257 characters, more than the limit of 256");
        assertThatThrownBy(() -> decode(",\"applications\":[{\"name\":\"navigation\",\"status\":\"BROKEN\"}]"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("BROKEN");
        assertThatThrownBy(() -> decode(",\"applications\":[{\"name\":\"navigation\",\"status\":\"UP\"},"
                        + "{\"name\":\"navigation\",\"status\":\"DOWN\"}]"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("application navigation is checked twice in one beacon");
    }

    @Test
    void criteriaWithoutRequiredApplicationsStillReadAndBadOnesAreRefused() {
        var mapper = EventCodec.mapper();
        Map<String, Object> old = Map.of(
                "maxFailureRate", 0.05, "minSamples", 2, "confidence", 0.95, "soakTime", "PT0S", "maxDtcDelta", 0);
        assertThat(mapper.convertValue(old, HealthCriteria.class).requiredApplications())
                .isEmpty();

        assertThatThrownBy(() -> new HealthCriteria(
                        0.05,
                        2,
                        0.95,
                        Duration.ZERO,
                        0,
                        List.of(
                                new dev.ota.contracts.events.RequiredApplication("head-unit", "navigation"),
                                new dev.ota.contracts.events.RequiredApplication("head-unit", "navigation"))))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("requiredApplications names navigation on hardware head-unit twice");
        assertThatThrownBy(() -> new dev.ota.contracts.events.RequiredApplication("head-unit", "nav igation"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("requiredApplications.name 'nav igation' must be 1..64 characters");
    }

    private static HealthBeacon decode(String applications) {
        return EventCodec.decode(BEACON.formatted(applications).getBytes(StandardCharsets.UTF_8), HealthBeacon.class);
    }
}

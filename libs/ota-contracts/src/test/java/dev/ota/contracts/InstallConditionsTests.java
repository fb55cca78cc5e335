package dev.ota.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.InstallGeofence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstallConditionsTests {

    @Test
    void conditionsReadBackFromMetadataAreTheOnesWritten() {
        var conditions = new InstallConditions(true, 40, true, Instant.parse("2026-12-01T06:00:00Z"));

        assertThat(InstallConditions.fromMetadata(conditions.toMetadata())).isEqualTo(conditions);
        assertThat(InstallConditions.fromMetadata(InstallConditions.NONE.toMetadata()))
                .isEqualTo(InstallConditions.NONE);
    }

    @Test
    void consentTimeoutGeofenceAndInstallOrderTravelInTheMetadataAndReadBack() {
        var fence = new InstallGeofence(
                List.of(new InstallGeofence.Area(
                        "depot",
                        List.of(
                                new InstallGeofence.Position(48.1, 11.5),
                                new InstallGeofence.Position(48.1, 11.7),
                                new InstallGeofence.Position(48.2, 11.6)))),
                List.of());
        var conditions = new InstallConditions(false, 0, true, null, Duration.ofMinutes(10), fence, List.of())
                .withInstallOrder(List.of("GW-1", "BCM-1"));

        Map<String, Object> metadata = conditions.toMetadata();

        assertThat(metadata).containsEntry("consentTimeoutSeconds", 600L).containsKey("geofence");
        assertThat(metadata.get("installOrder")).isEqualTo(List.of("GW-1", "BCM-1"));
        assertThat(metadata.get("geofence").toString())
                .as("degrees are decimal strings, as canonical JSON has no floating point")
                .contains("lat=48.1");
        assertThat(InstallConditions.fromMetadata(metadata)).isEqualTo(conditions);
    }

    @Test
    void aGeofenceAllowsOnlyInsideItsAllowedAreasAndNeverInsideADeniedOne() {
        var depot = new InstallGeofence.Area(
                "depot",
                List.of(
                        new InstallGeofence.Position(48.0, 11.0),
                        new InstallGeofence.Position(48.0, 12.0),
                        new InstallGeofence.Position(49.0, 12.0),
                        new InstallGeofence.Position(49.0, 11.0)));
        var track = new InstallGeofence.Area(
                "track",
                List.of(
                        new InstallGeofence.Position(48.4, 11.4),
                        new InstallGeofence.Position(48.4, 11.6),
                        new InstallGeofence.Position(48.6, 11.5)));
        var fence = new InstallGeofence(List.of(depot), List.of(track));

        assertThat(fence.refusal(new InstallGeofence.Position(48.2, 11.2))).isEmpty();
        assertThat(fence.refusal(new InstallGeofence.Position(52.5, 13.4))).contains("outside every allowed area");
        assertThat(fence.refusal(new InstallGeofence.Position(48.45, 11.5))).contains("inside denied area 'track'");
        assertThat(fence.refusal(null)).contains("location unknown");
    }

    @Test
    void anInstallOrderNamingAnEcuTwiceIsRefused() {
        assertThatThrownBy(() -> InstallConditions.NONE.withInstallOrder(List.of("GW-1", "GW-1")))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void metadataCarriesNoNullsSoItCanBeCanonicalJson() {
        assertThat(InstallConditions.NONE.toMetadata())
                .doesNotContainKey("notAfter")
                .doesNotContainValue(null);
    }

    @Test
    void malformedMetadataIsRefusedWithTheFieldNamed() {
        assertThatThrownBy(() -> InstallConditions.fromMetadata(Map.of("requireParked", true)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("minBatteryPercent");
        assertThatThrownBy(() -> InstallConditions.fromMetadata(
                        Map.of("requireParked", "yes", "minBatteryPercent", 20L, "consentRequired", false)))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> InstallConditions.fromMetadata(
                        Map.of("requireParked", true, "minBatteryPercent", 101L, "consentRequired", false)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("0..100");
    }
}

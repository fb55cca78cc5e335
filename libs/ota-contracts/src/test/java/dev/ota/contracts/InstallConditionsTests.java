package dev.ota.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.contracts.events.InstallConditions;
import java.time.Instant;
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

package dev.ota.simulator.uptane;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionInPathTests {

    @Test
    void readsTheVersionFromTheSigningServicesTargetPathConvention() {
        assertThat(VehicleUptane.versionInPath("tcu-fw/tcu-fw-3.0.0.bin")).isEqualTo("3.0.0");
        assertThat(VehicleUptane.versionInPath("brake-fw/brake-fw-2.0.0-rerelease.4.bin"))
                .isEqualTo("2.0.0-rerelease.4");
    }

    @Test
    void keepsAPathOfAnyOtherShapeWhole() {
        assertThat(VehicleUptane.versionInPath("tcu-fw/other-3.0.0.bin")).isEqualTo("tcu-fw/other-3.0.0.bin");
        assertThat(VehicleUptane.versionInPath("firmware.bin")).isEqualTo("firmware.bin");
        assertThat(VehicleUptane.versionInPath("tcu-fw/tcu-fw-.bin")).isEqualTo("tcu-fw/tcu-fw-.bin");
    }
}

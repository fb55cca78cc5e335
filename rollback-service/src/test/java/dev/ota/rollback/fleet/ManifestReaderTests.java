package dev.ota.rollback.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.contracts.MalformedEventException;
import dev.ota.rollback.fleet.ManifestReader.EcuImage;
import org.junit.jupiter.api.Test;

class ManifestReaderTests {

    @Test
    void readsEachEcusInstalledImageFromAnUptaneVehicleVersionManifest() {
        String manifest = """
                {"signatures": [{"keyid": "k", "sig": "s"}],
                 "signed": {"vin": "VIN1", "primary_ecu_serial": "tcu-1",
                   "ecu_version_manifests": {
                     "tcu-1": {"signatures": [], "signed": {"ecu_serial": "tcu-1",
                        "installed_image": {"filepath": "tcu-fw/3.1.0",
                          "fileinfo": {"length": 10, "hashes": {"sha256": "aa"}}},
                        "attacks_detected": ""}},
                     "brake-1": [{"signed": {"ecu_serial": "brake-1", "installed_image": {"filepath": "brake/1.0"}}},
                                 {"signed": {"ecu_serial": "brake-1", "installed_image": {"filepath": "brake/1.1"}}}]
                   }}}
                """;

        assertThat(ManifestReader.read(manifest))
                .containsExactly(new EcuImage("tcu-1", "tcu-fw/3.1.0"), new EcuImage("brake-1", "brake/1.1"));
    }

    @Test
    void acceptsCamelCaseFieldsAndSkipsEcusThatNameNoImage() {
        String manifest = """
                {"signed": {"ecuVersionManifests": [
                   {"signed": {"ecuSerial": "a", "installedImage": {"filePath": "a-fw/1"}}},
                   {"signed": {"ecuSerial": "b"}}]}}
                """;

        assertThat(ManifestReader.read(manifest)).containsExactly(new EcuImage("a", "a-fw/1"));
    }

    @Test
    void rejectsAManifestWithoutEcuReports() {
        assertThatThrownBy(() -> ManifestReader.read("{\"signed\": {\"vin\": \"x\"}}"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("ecu_version_manifests");
        assertThatThrownBy(() -> ManifestReader.read("not json")).isInstanceOf(MalformedEventException.class);
    }
}

package dev.ota.rollback.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.contracts.MalformedEventException;
import dev.ota.rollback.fleet.ManifestReader.EcuImage;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.Signers;
import dev.ota.uptane.manifest.EcuVersionReport;
import dev.ota.uptane.manifest.Manifests;
import dev.ota.uptane.manifest.VehicleVersionManifest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
    void readsTheManifestTheVehiclesSignWithTheUptaneLibrary() {
        Signer ecuKey = Signers.generate(Scheme.ED25519);
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        var tcu = Manifests.signReport(
                new EcuVersionReport(
                        "tcu-1",
                        "hw-tcu",
                        "tcu-fw/tcu-fw-2.0.0.bin",
                        10,
                        Map.of("sha256", "aa"),
                        2,
                        List.of(),
                        "n1",
                        now),
                ecuKey);
        var brake = Manifests.signReport(
                new EcuVersionReport(
                        "brake-1",
                        "hw-brake",
                        "brake-fw/brake-fw-2.0.0-rerelease.4.bin",
                        10,
                        Map.of("sha256", "bb"),
                        4,
                        List.of(),
                        "n2",
                        now),
                ecuKey);
        String manifest = Manifests.signManifest(
                        new VehicleVersionManifest("VIN1", "tcu-1", now, Map.of("tcu-1", tcu, "brake-1", brake)),
                        ecuKey)
                .toJson();

        assertThat(ManifestReader.read(manifest))
                .containsExactlyInAnyOrder(
                        new EcuImage("tcu-1", "tcu-fw/tcu-fw-2.0.0.bin"),
                        new EcuImage("brake-1", "brake-fw/brake-fw-2.0.0-rerelease.4.bin"));
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
                .hasMessageContaining("ecu_version_reports");
        assertThatThrownBy(() -> ManifestReader.read("not json")).isInstanceOf(MalformedEventException.class);
    }
}

package dev.ota.rollback.fleet;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.MalformedEventException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads which image each ECU runs from a vehicle version manifest as the platform's vehicles send it
 * ({@code libs/uptane} {@code VehicleVersionManifest}, Uptane 2.0 section 5.4.2.1): {@code signed.ecu_version_reports}
 * maps ECU serials to the ECU's signed version report, with {@code signed.ecu_serial} and
 * {@code signed.installed_image.filepath}. The POUF-1 spelling {@code ecu_version_manifests} (a report or a list of
 * them, the last being the newest) and camelCase spellings are accepted too; an ECU report that names no image is
 * skipped. Signatures are not checked here: the gateway verifies the manifest before it reaches Kafka.
 */
final class ManifestReader {

    /** One ECU's installed image, as the manifest reports it. */
    record EcuImage(String ecuSerial, String targetPath) {}

    private ManifestReader() {}

    static List<EcuImage> read(String manifest) {
        JsonNode root;
        try {
            root = EventCodec.mapper().readTree(manifest);
        } catch (JacksonException e) {
            throw new MalformedEventException("manifest is not JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode signed = field(root, "signed");
        JsonNode reports = field(
                signed == null ? root : signed,
                "ecu_version_reports",
                "ecuVersionReports",
                "ecu_version_manifests",
                "ecuVersionManifests");
        if (reports == null || !(reports.isObject() || reports.isArray())) {
            throw new MalformedEventException("manifest has no ecu_version_reports");
        }
        List<EcuImage> images = new ArrayList<>();
        if (reports.isObject()) {
            for (var entry : reports.properties()) {
                JsonNode report =
                        entry.getValue().isArray() && !entry.getValue().isEmpty()
                                ? entry.getValue().get(entry.getValue().size() - 1)
                                : entry.getValue();
                image(report, entry.getKey()).ifPresent(images::add);
            }
        } else {
            for (JsonNode report : reports) {
                image(report, null).ifPresent(images::add);
            }
        }
        return images;
    }

    private static java.util.Optional<EcuImage> image(JsonNode report, @Nullable String serialKey) {
        JsonNode signed = field(report, "signed");
        JsonNode body = signed == null ? report : signed;
        JsonNode serial = field(body, "ecu_serial", "ecuSerial");
        JsonNode installed = field(body, "installed_image", "installedImage");
        JsonNode path = installed == null ? null : field(installed, "filepath", "filePath", "targetPath");
        String ecuSerial = serial != null && serial.isString() ? serial.asString() : serialKey;
        if (ecuSerial == null
                || path == null
                || !path.isString()
                || path.asString().isBlank()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new EcuImage(ecuSerial, path.asString()));
    }

    private static @Nullable JsonNode field(@Nullable JsonNode node, String... names) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && !value.isNull()) {
                return value;
            }
        }
        return null;
    }
}

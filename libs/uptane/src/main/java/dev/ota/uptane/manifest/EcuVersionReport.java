package dev.ota.uptane.manifest;

import dev.ota.uptane.json.Json;
import dev.ota.uptane.json.JsonValue;
import dev.ota.uptane.json.MalformedMetadataException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An ECU version report (Uptane Standard 2.0, section 5.4.2.1.1 / 5.4.2.2): what one ECU has installed, signed by
 * that ECU's own key. Wire form of "signed":
 *
 * <pre>{@code
 * {"ecu_serial": "..", "hardware_id": "..",
 *  "installed_image": {"filepath": "..", "fileinfo": {"length": n, "hashes": {"sha256": ".."}}},
 *  "release_counter": n, "attacks_detected": ["ROLLBACK", ..], "nonce": "..", "time": "2026-..Z"}
 * }</pre>
 *
 * @param attacksDetected names of attacks the ECU detected since its last report (empty when none)
 * @param nonce a fresh value the director checks for reuse (replay of an old report)
 * @param time the ECU's latest trusted time
 */
public record EcuVersionReport(
        String ecuSerial,
        String hardwareId,
        String installedImagePath,
        long installedLength,
        Map<String, String> installedHashes,
        long releaseCounter,
        List<String> attacksDetected,
        String nonce,
        Instant time)
        implements JsonValue {

    public EcuVersionReport {
        installedHashes = Map.copyOf(installedHashes);
        attacksDetected = List.copyOf(attacksDetected);
    }

    @Override
    public Object toJsonValue() {
        var out = new TreeMap<String, Object>();
        out.put("ecu_serial", ecuSerial);
        out.put("hardware_id", hardwareId);
        out.put(
                "installed_image",
                Map.of(
                        "filepath",
                        installedImagePath,
                        "fileinfo",
                        Map.of("length", installedLength, "hashes", installedHashes)));
        out.put("release_counter", releaseCounter);
        out.put("attacks_detected", attacksDetected);
        out.put("nonce", nonce);
        out.put("time", dev.ota.uptane.metadata.RoleMetadata.formatExpires(time));
        return out;
    }

    public static EcuVersionReport fromJson(Map<String, Object> signed) {
        var image = Json.object(signed, "installed_image");
        var info = Json.object(image, "fileinfo");
        try {
            return new EcuVersionReport(
                    Json.string(signed, "ecu_serial"),
                    Json.string(signed, "hardware_id"),
                    Json.string(image, "filepath"),
                    Json.integer(info, "length"),
                    new LinkedHashMap<>(Json.stringMap(info, "hashes")),
                    Json.integer(signed, "release_counter"),
                    Json.strings(signed, "attacks_detected"),
                    Json.string(signed, "nonce"),
                    Instant.parse(Json.string(signed, "time")));
        } catch (DateTimeParseException e) {
            throw new MalformedMetadataException("time is not an ISO 8601 UTC time", e);
        }
    }
}

package dev.ota.uptane.manifest;

import dev.ota.uptane.json.CanonicalJson;
import dev.ota.uptane.json.Json;
import dev.ota.uptane.json.JsonValue;
import dev.ota.uptane.metadata.RoleMetadata;
import dev.ota.uptane.metadata.SignedDocument;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A vehicle version manifest (Uptane Standard 2.0, section 5.4.2.1): signed by the Primary, it carries the signed
 * ECU version report of every ECU, exactly as each ECU signed it. Wire form of "signed":
 *
 * <pre>{@code
 * {"vin": "..", "primary_ecu_serial": "..", "time": "..Z",
 *  "ecu_version_reports": {"<ecu serial>": {"signatures": [..], "signed": {..}}},
 *  "custom": {"location": {"lat": "48.100000", "lon": "11.500000"}}}
 * }</pre>
 *
 * @param custom optional vehicle facts under the Primary's signature (written only when not empty); the platform reads
 *     {@code location}, in decimal degrees written as strings (canonical JSON has no floating point)
 */
public record VehicleVersionManifest(
        String vin,
        String primaryEcuSerial,
        Instant time,
        Map<String, SignedDocument<EcuVersionReport>> ecuReports,
        Map<String, Object> custom)
        implements JsonValue {

    /** Where the vehicle was when it signed the manifest. */
    public record Location(double latitude, double longitude) {}

    public VehicleVersionManifest {
        ecuReports = Map.copyOf(ecuReports);
        custom = Map.copyOf(custom);
    }

    public VehicleVersionManifest(
            String vin, String primaryEcuSerial, Instant time, Map<String, SignedDocument<EcuVersionReport>> reports) {
        this(vin, primaryEcuSerial, time, reports, Map.of());
    }

    /** A {@code custom} object carrying a location. */
    public static Map<String, Object> locatedAt(double latitude, double longitude) {
        return Map.of(
                "location",
                Map.of(
                        "lat",
                        String.format(Locale.ROOT, "%.6f", latitude),
                        "lon",
                        String.format(Locale.ROOT, "%.6f", longitude)));
    }

    /** The manifest's {@code custom.location}, when it carries one with decimal {@code lat} and {@code lon}. */
    public Optional<Location> location() {
        if (custom.get("location") instanceof Map<?, ?> location
                && location.get("lat") instanceof String lat
                && location.get("lon") instanceof String lon) {
            try {
                return Optional.of(new Location(Double.parseDouble(lat), Double.parseDouble(lon)));
            } catch (NumberFormatException notDecimal) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Override
    public Object toJsonValue() {
        var reports = new TreeMap<String, Object>();
        ecuReports.forEach((serial, doc) -> reports.put(serial, doc.toJsonValue()));
        var out = new TreeMap<String, Object>();
        out.put("vin", vin);
        out.put("primary_ecu_serial", primaryEcuSerial);
        out.put("time", RoleMetadata.formatExpires(time));
        out.put("ecu_version_reports", reports);
        if (!custom.isEmpty()) {
            out.put("custom", custom);
        }
        return out;
    }

    public static VehicleVersionManifest fromJson(Map<String, Object> signed) {
        var reports = new LinkedHashMap<String, SignedDocument<EcuVersionReport>>();
        Json.object(signed, "ecu_version_reports")
                .forEach((serial, doc) -> reports.put(
                        serial, SignedDocument.parse(CanonicalJson.encode(doc), EcuVersionReport::fromJson)));
        Map<String, Object> custom = signed.containsKey("custom") ? Json.object(signed, "custom") : Map.of();
        return new VehicleVersionManifest(
                Json.string(signed, "vin"),
                Json.string(signed, "primary_ecu_serial"),
                Instant.parse(Json.string(signed, "time")),
                reports,
                custom);
    }
}

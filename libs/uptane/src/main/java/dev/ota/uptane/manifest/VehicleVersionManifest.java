package dev.ota.uptane.manifest;

import dev.ota.uptane.json.Json;
import dev.ota.uptane.json.JsonValue;
import dev.ota.uptane.metadata.SignedDocument;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A vehicle version manifest (Uptane Standard 2.0, section 5.4.2.1): signed by the Primary, it carries the signed
 * ECU version report of every ECU, exactly as each ECU signed it. Wire form of "signed":
 *
 * <pre>{@code
 * {"vin": "..", "primary_ecu_serial": "..", "time": "..Z",
 *  "ecu_version_reports": {"<ecu serial>": {"signatures": [..], "signed": {..}}}}
 * }</pre>
 */
public record VehicleVersionManifest(
        String vin, String primaryEcuSerial, Instant time, Map<String, SignedDocument<EcuVersionReport>> ecuReports)
        implements JsonValue {

    public VehicleVersionManifest {
        ecuReports = Map.copyOf(ecuReports);
    }

    @Override
    public Object toJsonValue() {
        var reports = new TreeMap<String, Object>();
        ecuReports.forEach((serial, doc) -> reports.put(serial, doc.toJsonValue()));
        var out = new TreeMap<String, Object>();
        out.put("vin", vin);
        out.put("primary_ecu_serial", primaryEcuSerial);
        out.put("time", dev.ota.uptane.metadata.RoleMetadata.formatExpires(time));
        out.put("ecu_version_reports", reports);
        return out;
    }

    public static VehicleVersionManifest fromJson(Map<String, Object> signed) {
        var reports = new LinkedHashMap<String, SignedDocument<EcuVersionReport>>();
        Json.object(signed, "ecu_version_reports")
                .forEach((serial, doc) -> reports.put(
                        serial,
                        SignedDocument.parse(
                                dev.ota.uptane.json.CanonicalJson.encode(doc), EcuVersionReport::fromJson)));
        return new VehicleVersionManifest(
                Json.string(signed, "vin"),
                Json.string(signed, "primary_ecu_serial"),
                Instant.parse(Json.string(signed, "time")),
                reports);
    }
}

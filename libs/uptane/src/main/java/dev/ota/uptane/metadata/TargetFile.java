package dev.ota.uptane.metadata;

import dev.ota.uptane.json.Json;
import dev.ota.uptane.json.JsonValue;
import dev.ota.uptane.json.MalformedMetadataException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A TARGETS entry (TUF 1.0 section 4.5): length, hashes and custom fields.
 *
 * <p>Uptane custom fields (Uptane Standard 2.0, sections 5.2.3.1 and 5.3.3.1) are kept in {@code custom}:
 *
 * <ul>
 *   <li>{@value #HARDWARE_IDS}: image repository, the ECU hardware ids the image is meant for;
 *   <li>{@value #RELEASE_COUNTER}: both repositories, the anti-rollback release counter;
 *   <li>{@value #ECU_IDENTIFIERS}: director repository, {@code {"<ecu serial>": {"hardwareId": ".."}}}, the ECU(s)
 *       this image is for.
 * </ul>
 */
public record TargetFile(long length, Map<String, String> hashes, Map<String, Object> custom) implements JsonValue {

    public static final String HARDWARE_IDS = "hardwareIds";
    public static final String RELEASE_COUNTER = "releaseCounter";
    public static final String ECU_IDENTIFIERS = "ecuIdentifiers";
    public static final String HARDWARE_ID = "hardwareId";

    public TargetFile {
        if (length < 0) {
            throw new MalformedMetadataException("target length must not be negative");
        }
        if (hashes.isEmpty()) {
            throw new MalformedMetadataException("a target needs at least one hash");
        }
        hashes = Map.copyOf(hashes);
        custom = Map.copyOf(custom);
    }

    /** An image repository entry. */
    public static TargetFile image(
            long length,
            Map<String, String> hashes,
            List<String> hardwareIds,
            long releaseCounter,
            Map<String, Object> extraCustom) {
        var custom = new LinkedHashMap<String, Object>(extraCustom);
        custom.put(HARDWARE_IDS, List.copyOf(hardwareIds));
        custom.put(RELEASE_COUNTER, releaseCounter);
        return new TargetFile(length, hashes, custom);
    }

    /** A director repository entry for one ECU. */
    public static TargetFile forEcu(
            long length, Map<String, String> hashes, String ecuSerial, String hardwareId, long releaseCounter) {
        return new TargetFile(
                length,
                hashes,
                Map.of(
                        ECU_IDENTIFIERS,
                        Map.of(ecuSerial, Map.of(HARDWARE_ID, hardwareId)),
                        RELEASE_COUNTER,
                        releaseCounter));
    }

    public List<String> hardwareIds() {
        return custom.containsKey(HARDWARE_IDS) ? Json.strings(custom, HARDWARE_IDS) : List.of();
    }

    public OptionalLong releaseCounter() {
        return custom.containsKey(RELEASE_COUNTER)
                ? OptionalLong.of(Json.integer(custom, RELEASE_COUNTER))
                : OptionalLong.empty();
    }

    /** Director targets: ECU serial to hardware id. */
    public Map<String, String> ecuHardwareIds() {
        var ids = Json.optionalObject(custom, ECU_IDENTIFIERS);
        if (ids == null) {
            return Map.of();
        }
        var out = new LinkedHashMap<String, String>();
        ids.forEach((serial, v) -> out.put(serial, Json.string(Json.object(v, serial), HARDWARE_ID)));
        return out;
    }

    @Override
    public Object toJsonValue() {
        var out = new TreeMap<String, Object>();
        out.put("length", length);
        out.put("hashes", hashes);
        if (!custom.isEmpty()) {
            out.put("custom", custom);
        }
        return out;
    }

    public static TargetFile fromJson(Object json) {
        var m = Json.object(json, "target");
        var custom = Json.optionalObject(m, "custom");
        return new TargetFile(
                Json.integer(m, "length"), Json.stringMap(m, "hashes"), custom == null ? Map.of() : custom);
    }

    static List<String> sortedNames(Map<String, ?> map) {
        var names = new ArrayList<>(map.keySet());
        names.sort(null);
        return names;
    }
}

package dev.ota.contracts.events;

import dev.ota.contracts.MalformedEventException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Preconditions the vehicle enforces before installing (UNECE R156 7.2.2: enough power, safe state). The director
 * signs them into each target of a vehicle's targets metadata ({@link #METADATA_KEY} in the target's {@code custom}),
 * so a vehicle installs under the conditions the platform set, not under whatever an unsigned message on the way said.
 *
 * @param requireParked install only while parked
 * @param minBatteryPercent install only at or above this charge
 * @param consentRequired ask the driver first
 * @param notAfter give up (and report) if not installed by then
 */
public record InstallConditions(
        boolean requireParked,
        int minBatteryPercent,
        boolean consentRequired,
        @Nullable Instant notAfter) {

    public static final InstallConditions NONE = new InstallConditions(false, 0, false, null);

    /** The key of the conditions in a director target's {@code custom} object. */
    public static final String METADATA_KEY = "installConditions";

    public InstallConditions {
        if (minBatteryPercent < 0 || minBatteryPercent > 100) {
            throw new MalformedEventException("minBatteryPercent must be within 0..100");
        }
    }

    /** As director metadata carries them: JSON-ready values only, no nulls (canonical JSON has no use for them). */
    public Map<String, Object> toMetadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("requireParked", requireParked);
        metadata.put("minBatteryPercent", (long) minBatteryPercent);
        metadata.put("consentRequired", consentRequired);
        if (notAfter != null) {
            metadata.put("notAfter", notAfter.toString());
        }
        return metadata;
    }

    /**
     * Reads the conditions back from verified director metadata.
     *
     * @throws MalformedEventException when a field is missing or has the wrong type
     */
    public static InstallConditions fromMetadata(Map<?, ?> metadata) {
        try {
            Object notAfter = metadata.get("notAfter");
            return new InstallConditions(
                    (Boolean) required(metadata, "requireParked"),
                    Math.toIntExact(((Number) required(metadata, "minBatteryPercent")).longValue()),
                    (Boolean) required(metadata, "consentRequired"),
                    notAfter == null ? null : Instant.parse((String) notAfter));
        } catch (ClassCastException | ArithmeticException | DateTimeParseException e) {
            throw new MalformedEventException("install conditions in metadata are malformed: " + e.getMessage());
        }
    }

    private static Object required(Map<?, ?> metadata, String field) {
        Object value = metadata.get(field);
        if (value == null) {
            throw new MalformedEventException("install conditions in metadata lack " + field);
        }
        return value;
    }
}

package dev.ota.contracts.events;

import dev.ota.contracts.MalformedEventException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Preconditions the vehicle enforces before installing (UNECE R156 7.2.2: enough power, safe state, where it may
 * install), and how it installs a bundle of several ECUs. The director signs them into each target of a vehicle's
 * targets metadata ({@link #METADATA_KEY} in the target's {@code custom}), so a vehicle installs under the conditions
 * the platform set, not under whatever an unsigned message on the way said.
 *
 * @param requireParked install only while parked
 * @param minBatteryPercent install only at or above this charge
 * @param consentRequired ask the driver first
 * @param notAfter give up (and report) if not installed by then
 * @param consentTimeout how long the driver has to answer; null: the vehicle's own default
 * @param geofence where the vehicle may install (it checks its own position and waits while outside); null: anywhere
 * @param installOrder the serials of every ECU this assignment updates, in the order they install (the bundle's
 *     order and dependencies, resolved for this vehicle); empty: one step, no order. An ECU named here without its
 *     image in the director targets is a partial bundle, and the vehicle installs nothing
 */
public record InstallConditions(
        boolean requireParked,
        int minBatteryPercent,
        boolean consentRequired,
        @Nullable Instant notAfter,
        @Nullable Duration consentTimeout,
        @Nullable InstallGeofence geofence,
        List<String> installOrder) {

    public static final InstallConditions NONE = new InstallConditions(false, 0, false, null);

    /** The key of the conditions in a director target's {@code custom} object. */
    public static final String METADATA_KEY = "installConditions";

    /**
     * How a vehicle's REJECTED report begins when nobody answered the consent request in time: the driver's choice,
     * never a failure of the release.
     */
    public static final String CONSENT_TIMED_OUT = "consent timed out";

    /**
     * How a vehicle's REJECTED report begins when it gave up at {@code notAfter} because a condition (parked, battery,
     * geofence) stayed unmet: the update never ran, so it is not a failure of the release.
     */
    public static final String CONDITIONS_NOT_MET = "install conditions not met";

    public InstallConditions(
            boolean requireParked, int minBatteryPercent, boolean consentRequired, @Nullable Instant notAfter) {
        this(requireParked, minBatteryPercent, consentRequired, notAfter, null, null, List.of());
    }

    public InstallConditions {
        if (minBatteryPercent < 0 || minBatteryPercent > 100) {
            throw new MalformedEventException("minBatteryPercent must be within 0..100");
        }
        if (consentTimeout != null && (consentTimeout.isNegative() || consentTimeout.isZero())) {
            throw new MalformedEventException("consentTimeout must be positive");
        }
        installOrder = installOrder == null ? List.of() : List.copyOf(installOrder);
        if (new HashSet<>(installOrder).size() != installOrder.size()) {
            throw new MalformedEventException("installOrder names an ECU twice: " + installOrder);
        }
    }

    /** The same conditions for a bundle that installs its ECUs in this order. */
    public InstallConditions withInstallOrder(List<String> ecuSerials) {
        return new InstallConditions(
                requireParked, minBatteryPercent, consentRequired, notAfter, consentTimeout, geofence, ecuSerials);
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
        if (consentTimeout != null) {
            metadata.put("consentTimeoutSeconds", Math.max(1, consentTimeout.toSeconds()));
        }
        if (geofence != null) {
            metadata.put(
                    "geofence",
                    Map.of("allow", areasToMetadata(geofence.allow()), "deny", areasToMetadata(geofence.deny())));
        }
        if (!installOrder.isEmpty()) {
            metadata.put("installOrder", installOrder);
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
            Object consentTimeout = metadata.get("consentTimeoutSeconds");
            Object geofence = metadata.get("geofence");
            Object installOrder = metadata.get("installOrder");
            return new InstallConditions(
                    (Boolean) required(metadata, "requireParked"),
                    Math.toIntExact(((Number) required(metadata, "minBatteryPercent")).longValue()),
                    (Boolean) required(metadata, "consentRequired"),
                    notAfter == null ? null : Instant.parse((String) notAfter),
                    consentTimeout == null ? null : Duration.ofSeconds(((Number) consentTimeout).longValue()),
                    geofence == null ? null : geofenceFromMetadata((Map<?, ?>) geofence),
                    installOrder == null
                            ? List.of()
                            : ((List<?>) installOrder)
                                    .stream().map(String.class::cast).toList());
        } catch (ClassCastException | ArithmeticException | DateTimeParseException | NumberFormatException e) {
            throw new MalformedEventException("install conditions in metadata are malformed: " + e.getMessage());
        }
    }

    /** Degrees as decimal strings: canonical JSON has no floating point. */
    private static List<Object> areasToMetadata(List<InstallGeofence.Area> areas) {
        List<Object> out = new ArrayList<>();
        for (InstallGeofence.Area area : areas) {
            List<Object> corners = new ArrayList<>();
            for (InstallGeofence.Position corner : area.corners()) {
                corners.add(Map.of(
                        "lat", BigDecimal.valueOf(corner.lat()).toPlainString(),
                        "lon", BigDecimal.valueOf(corner.lon()).toPlainString()));
            }
            out.add(Map.of("name", area.name(), "corners", corners));
        }
        return out;
    }

    private static InstallGeofence geofenceFromMetadata(Map<?, ?> geofence) {
        return new InstallGeofence(areasFromMetadata((List<?>) required(geofence, "allow")), areasFromMetadata((List<?>)
                required(geofence, "deny")));
    }

    private static List<InstallGeofence.Area> areasFromMetadata(List<?> areas) {
        List<InstallGeofence.Area> out = new ArrayList<>();
        for (Object element : areas) {
            Map<?, ?> area = (Map<?, ?>) element;
            List<InstallGeofence.Position> corners = new ArrayList<>();
            for (Object corner : (List<?>) required(area, "corners")) {
                Map<?, ?> position = (Map<?, ?>) corner;
                corners.add(new InstallGeofence.Position(
                        Double.parseDouble((String) required(position, "lat")),
                        Double.parseDouble((String) required(position, "lon"))));
            }
            out.add(new InstallGeofence.Area((String) required(area, "name"), corners));
        }
        return out;
    }

    private static Object required(Map<?, ?> metadata, String field) {
        Object value = metadata.get(field);
        if (value == null) {
            throw new MalformedEventException("install conditions in metadata lack " + field);
        }
        return value;
    }
}

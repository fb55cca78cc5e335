package dev.ota.campaign.policy;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a vehicle may be offered the update, judged on its last reported location: never inside a deny polygon, and,
 * when allow polygons are given, only inside one of them. A vehicle with no known location is held back when the
 * campaign restricts where it may update.
 */
public record GeofencePolicy(List<GeoPolygon> allow, List<GeoPolygon> deny) {

    public GeofencePolicy {
        allow = allow == null ? List.of() : List.copyOf(allow);
        deny = deny == null ? List.of() : List.copyOf(deny);
    }

    /** Why the vehicle is held back, or empty when it may be offered the update. */
    public Optional<String> refusal(@Nullable GeoPoint location) {
        if (location == null) {
            return allow.isEmpty() && deny.isEmpty() ? Optional.empty() : Optional.of("location unknown");
        }
        for (GeoPolygon polygon : deny) {
            if (polygon.contains(location)) {
                return Optional.of("inside denied area '" + polygon.name() + "'");
            }
        }
        if (!allow.isEmpty() && allow.stream().noneMatch(p -> p.contains(location))) {
            return Optional.of("outside every allowed area");
        }
        return Optional.empty();
    }
}

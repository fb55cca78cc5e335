package dev.ota.contracts.events;

import dev.ota.contracts.MalformedEventException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a vehicle may install, as a campaign restricts it: never inside a deny area, and, when allow areas are given,
 * only inside one of them. The director signs it into the install conditions, and the vehicle checks its own position
 * against it before installing; the campaign also judges each vehicle's last reported position against it before
 * assigning.
 */
public record InstallGeofence(List<Area> allow, List<Area> deny) {

    public InstallGeofence {
        allow = allow == null ? List.of() : List.copyOf(allow);
        deny = deny == null ? List.of() : List.copyOf(deny);
    }

    /** Why a vehicle at {@code position} may not install, or empty when it may; an unknown position may not. */
    public Optional<String> refusal(@Nullable Position position) {
        if (position == null) {
            return allow.isEmpty() && deny.isEmpty() ? Optional.empty() : Optional.of("location unknown");
        }
        for (Area area : deny) {
            if (area.contains(position)) {
                return Optional.of("inside denied area '" + area.name() + "'");
            }
        }
        if (!allow.isEmpty() && allow.stream().noneMatch(area -> area.contains(position))) {
            return Optional.of("outside every allowed area");
        }
        return Optional.empty();
    }

    /** A WGS84 position in decimal degrees. */
    public record Position(double lat, double lon) {

        public Position {
            if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
                throw new MalformedEventException("a position needs lat within -90..90 and lon within -180..180");
            }
        }
    }

    /** A named simple polygon of at least three corners; the closing edge is implied. */
    public record Area(String name, List<Position> corners) {

        public Area {
            Require.text(name, "name");
            corners = corners == null ? List.of() : List.copyOf(corners);
            if (corners.size() < 3) {
                throw new MalformedEventException("geofence area '" + name + "' needs at least three corners");
            }
        }

        /** Ray casting (even-odd rule) on latitude/longitude, fine for fences far smaller than a hemisphere. */
        public boolean contains(Position point) {
            boolean inside = false;
            for (int i = 0, j = corners.size() - 1; i < corners.size(); j = i++) {
                Position a = corners.get(i);
                Position b = corners.get(j);
                boolean crosses = (a.lat() > point.lat()) != (b.lat() > point.lat())
                        && point.lon() < (b.lon() - a.lon()) * (point.lat() - a.lat()) / (b.lat() - a.lat()) + a.lon();
                if (crosses) {
                    inside = !inside;
                }
            }
            return inside;
        }
    }
}

package dev.ota.campaign.policy;

import dev.ota.contracts.events.InstallGeofence;
import java.util.List;

/** A simple polygon of at least three corners; the closing edge is implied. */
public record GeoPolygon(String name, List<GeoPoint> corners) {

    public GeoPolygon {
        corners = List.copyOf(corners);
        if (corners.size() < 3) {
            throw new IllegalArgumentException("geofence polygon '" + name + "' needs at least three corners");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a geofence polygon needs a name");
        }
    }

    InstallGeofence.Area area() {
        return new InstallGeofence.Area(
                name, corners.stream().map(GeoPoint::position).toList());
    }
}

package dev.ota.campaign.policy;

import java.util.List;

/** A simple polygon of at least three corners; the closing edge is implied. */
public record GeoPolygon(String name, List<GeoPoint> corners) {

    public GeoPolygon {
        corners = List.copyOf(corners);
        if (corners.size() < 3) {
            throw new IllegalArgumentException("geofence polygon '" + name + "' needs at least three corners");
        }
    }

    /** Ray casting (even-odd rule) on latitude/longitude, fine for fences far smaller than a hemisphere. */
    boolean contains(GeoPoint point) {
        boolean inside = false;
        for (int i = 0, j = corners.size() - 1; i < corners.size(); j = i++) {
            GeoPoint a = corners.get(i);
            GeoPoint b = corners.get(j);
            boolean crosses = (a.lat() > point.lat()) != (b.lat() > point.lat())
                    && point.lon() < (b.lon() - a.lon()) * (point.lat() - a.lat()) / (b.lat() - a.lat()) + a.lon();
            if (crosses) {
                inside = !inside;
            }
        }
        return inside;
    }
}

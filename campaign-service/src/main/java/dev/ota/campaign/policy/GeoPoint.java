package dev.ota.campaign.policy;

import dev.ota.contracts.events.InstallGeofence;

/** A WGS84 position in decimal degrees. */
public record GeoPoint(double lat, double lon) {

    public GeoPoint {
        if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
            throw new IllegalArgumentException("a position needs lat within -90..90 and lon within -180..180");
        }
    }

    InstallGeofence.Position position() {
        return new InstallGeofence.Position(lat, lon);
    }
}

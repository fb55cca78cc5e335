package dev.ota.campaign.policy;

import dev.ota.contracts.events.InstallGeofence;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a vehicle may install the update: never inside a deny polygon, and, when allow polygons are given, only inside
 * one of them. It travels signed in each assignment's install conditions ({@link #signed()}), and the vehicle checks
 * its own position before installing, waiting while outside. Before assigning, the campaign also judges the vehicle's
 * last reported location and holds back a vehicle known to be outside; a vehicle whose location is unknown is
 * assigned, as it enforces the fence itself.
 */
public record GeofencePolicy(List<GeoPolygon> allow, List<GeoPolygon> deny) {

    public GeofencePolicy {
        allow = allow == null ? List.of() : List.copyOf(allow);
        deny = deny == null ? List.of() : List.copyOf(deny);
    }

    /** Why the vehicle is held back, or empty when it may be assigned the update. */
    public Optional<String> refusal(@Nullable GeoPoint location) {
        if (location == null) {
            return Optional.empty();
        }
        return signed().refusal(location.position());
    }

    /** The fence as the director signs it into the install conditions. */
    public InstallGeofence signed() {
        return new InstallGeofence(
                allow.stream().map(GeoPolygon::area).toList(),
                deny.stream().map(GeoPolygon::area).toList());
    }
}

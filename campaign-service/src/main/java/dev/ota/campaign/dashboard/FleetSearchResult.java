package dev.ota.campaign.dashboard;

import dev.ota.campaign.registry.Vehicle;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A fleet search: how many vehicles match, broken down, and the first page of them. */
record FleetSearchResult(long total, Map<String, Long> byModel, Map<String, Long> byRegion, List<Row> vehicles) {

    /** One vehicle of the result list. */
    record Row(
            String vin,
            String model,
            int modelYear,
            String region,
            int ecus,
            @Nullable Instant lastSeen) {

        static Row of(Vehicle vehicle) {
            return new Row(
                    vehicle.vin(),
                    vehicle.model(),
                    vehicle.modelYear(),
                    vehicle.region(),
                    vehicle.ecus().size(),
                    vehicle.lastSeen());
        }
    }
}

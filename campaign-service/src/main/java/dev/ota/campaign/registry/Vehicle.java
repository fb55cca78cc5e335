package dev.ota.campaign.registry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A registered vehicle: attributes, ECUs with installed software, and when and where it was last heard from. */
public record Vehicle(
        String vin,
        String model,
        int modelYear,
        String region,
        String market,
        List<String> tags,
        String timeZone,
        @Nullable Double latitude,
        @Nullable Double longitude,
        @Nullable Instant lastSeen,
        @Nullable Instant manifestAt,
        boolean manifestVerified,
        List<Ecu> ecus) {

    public Vehicle {
        tags = List.copyOf(tags);
        ecus = List.copyOf(ecus);
    }

    public Optional<Ecu> ecuFor(String hardwareId) {
        return ecus.stream().filter(e -> e.hardwareId().equals(hardwareId)).findFirst();
    }
}

package dev.ota.simulator.fleet;

import java.util.List;

/**
 * What a new batch of vehicles looks like.
 *
 * @param count vehicles to add
 * @param models model names to pick from; model year and region likewise
 * @param secondaries secondary ECUs per vehicle (besides the primary)
 * @param secondariesVerifyFully secondaries do full verification themselves; otherwise partial
 * @param drivingShare share of vehicles driving at the start (0..1)
 * @param minBattery lowest starting battery (percent); starting batteries spread up to 100
 * @param consent how drivers answer consent requests
 */
public record FleetRequest(
        int count,
        List<String> models,
        List<Integer> modelYears,
        List<String> regions,
        int secondaries,
        boolean secondariesVerifyFully,
        double drivingShare,
        int minBattery,
        ConsentProfile consent) {

    public static final List<String> HARDWARE =
            List.of("hw-tcu", "hw-brake", "hw-bms", "hw-adas", "hw-ivi", "hw-gateway");

    public FleetRequest {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1");
        }
        if (secondaries < 0 || secondaries > HARDWARE.size() - 1) {
            throw new IllegalArgumentException("secondaries must be within 0.." + (HARDWARE.size() - 1));
        }
        if (drivingShare < 0 || drivingShare > 1) {
            throw new IllegalArgumentException("drivingShare must be within 0..1");
        }
        if (minBattery < 0 || minBattery > 100) {
            throw new IllegalArgumentException("minBattery must be within 0..100");
        }
        models = models.isEmpty() ? List.of("Sim-S") : List.copyOf(models);
        modelYears = modelYears.isEmpty() ? List.of(2026) : List.copyOf(modelYears);
        regions = regions.isEmpty() ? List.of("EU") : List.copyOf(regions);
    }

    /** A batch of parked, charged vehicles whose drivers always accept: predictable, for tests. */
    public static FleetRequest parked(int count) {
        return new FleetRequest(count, List.of(), List.of(), List.of(), 2, false, 0, 100, ConsentProfile.ALWAYS_ACCEPT);
    }
}

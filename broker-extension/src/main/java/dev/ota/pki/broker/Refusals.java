package dev.ota.pki.broker;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/** How many clients and packets this broker node refused, by reason, since it started. */
final class Refusals {

    private final Map<VehicleAccess.Refusal, LongAdder> counts = new EnumMap<>(VehicleAccess.Refusal.class);

    Refusals() {
        for (VehicleAccess.Refusal reason : VehicleAccess.Refusal.values()) {
            counts.put(reason, new LongAdder());
        }
    }

    void count(VehicleAccess.Refusal reason) {
        Objects.requireNonNull(counts.get(reason), "every reason has a counter").increment();
    }

    /** The counts by reason name, every reason included (zero or not). */
    Map<String, Long> snapshot() {
        Map<String, Long> snapshot = new java.util.TreeMap<>();
        counts.forEach((reason, count) -> snapshot.put(reason.name(), count.sum()));
        return snapshot;
    }
}

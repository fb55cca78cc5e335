package dev.ota.health.outcome;

import dev.ota.contracts.events.HealthBeacon;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Remembers, per assignment, facts that can never be undone: the outcome is final, or an ECU already confirmed healthy
 * with at most so many DTCs. A beacon that adds nothing to those facts cannot change any state (every merge is
 * monotone), so it is dropped without touching the database. This is what lets the service keep up with a fleet's
 * steady stream of "still fine" beacons. Only facts from committed transactions are remembered; the memory is bounded
 * and simply forgets everything when full (the database stays the truth).
 */
@Component
class BeaconGate {

    private final Map<UUID, Known> known = new ConcurrentHashMap<>();
    private final int capacity;

    BeaconGate(OutcomeProperties properties) {
        this.capacity = properties.beaconCacheSize();
    }

    boolean addsNothing(HealthBeacon beacon) {
        Known facts = known.get(beacon.assignmentId());
        if (facts == null) {
            return false;
        }
        if (facts.isFinal()) {
            return true;
        }
        if (!beacon.bootOk() || !beacon.appStarted()) {
            return false;
        }
        Integer maxDtc = facts.healthyEcus().get(beacon.ecuSerial());
        return maxDtc != null && beacon.dtcDelta() <= maxDtc;
    }

    /** Call after the beacon's transaction committed. */
    void remember(HealthBeacon beacon, boolean outcomeFinal) {
        if (known.size() >= capacity) {
            known.clear();
        }
        known.compute(beacon.assignmentId(), (id, facts) -> {
            if (outcomeFinal) {
                return Known.FINAL;
            }
            Known current = facts == null ? new Known(false, Map.of()) : facts;
            if (current.isFinal() || !beacon.bootOk() || !beacon.appStarted()) {
                return current;
            }
            Map<String, Integer> ecus = new HashMap<>(current.healthyEcus());
            ecus.merge(beacon.ecuSerial(), beacon.dtcDelta(), Math::max);
            return new Known(false, Map.copyOf(ecus));
        });
    }

    private record Known(boolean isFinal, Map<String, Integer> healthyEcus) {
        static final Known FINAL = new Known(true, Map.of());
    }
}

package dev.ota.health.outcome;

import dev.ota.contracts.events.ApplicationCheck;
import dev.ota.contracts.events.ApplicationStatus;
import dev.ota.contracts.events.HealthBeacon;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Remembers, per assignment, facts that can never be undone: the outcome is final, or an ECU already confirmed healthy
 * with at most so many DTCs and with these applications seen UP. A beacon that adds nothing to those facts cannot
 * change any state (every merge is monotone), so it is dropped without touching the database. This is what lets the
 * service keep up with a fleet's steady stream of "still fine" beacons. A beacon with an application not UP, or UP for
 * the first time, always passes. Only facts from committed transactions are remembered; the memory is bounded and
 * simply forgets everything when full (the database stays the truth).
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
        HealthyEcu ecu = facts.healthyEcus().get(beacon.ecuSerial());
        return ecu != null
                && beacon.dtcDelta() <= ecu.maxDtcDelta()
                && beacon.applications().stream()
                        .allMatch(check -> check.status() == ApplicationStatus.UP
                                && ecu.applicationsUp().contains(check.name()));
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
            Map<String, HealthyEcu> ecus = new HashMap<>(current.healthyEcus());
            ecus.merge(beacon.ecuSerial(), HealthyEcu.of(beacon), HealthyEcu::plus);
            return new Known(false, Map.copyOf(ecus));
        });
    }

    private record Known(boolean isFinal, Map<String, HealthyEcu> healthyEcus) {
        static final Known FINAL = new Known(true, Map.of());
    }

    /** What a healthy ECU already showed: its worst DTC delta and the applications it reported UP. */
    private record HealthyEcu(int maxDtcDelta, Set<String> applicationsUp) {

        static HealthyEcu of(HealthBeacon beacon) {
            Set<String> up = new HashSet<>();
            for (ApplicationCheck check : beacon.applications()) {
                if (check.status() == ApplicationStatus.UP) {
                    up.add(check.name());
                }
            }
            return new HealthyEcu(beacon.dtcDelta(), Set.copyOf(up));
        }

        HealthyEcu plus(HealthyEcu later) {
            Set<String> up = new HashSet<>(applicationsUp);
            up.addAll(later.applicationsUp());
            return new HealthyEcu(Math.max(maxDtcDelta, later.maxDtcDelta()), Set.copyOf(up));
        }
    }
}

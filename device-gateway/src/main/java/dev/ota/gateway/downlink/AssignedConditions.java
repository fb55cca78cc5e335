package dev.ota.gateway.downlink;

import dev.ota.contracts.events.InstallConditions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The install conditions of recent assignments, so that an update command can carry them next to the director
 * metadata. Assignments and director metadata are both keyed by VIN and consumed by one consumer, so the same
 * replica sees both. Bounded: the oldest entries are dropped, and a vehicle then uses the conditions of the
 * {@code assign} command it was sent earlier.
 */
final class AssignedConditions {

    private final Map<UUID, InstallConditions> recent;

    AssignedConditions(int capacity) {
        this.recent = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, InstallConditions> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized void remember(UUID assignmentId, InstallConditions conditions) {
        recent.put(assignmentId, conditions);
    }

    synchronized @Nullable InstallConditions of(UUID assignmentId) {
        return recent.get(assignmentId);
    }

    synchronized void forget(UUID assignmentId) {
        recent.remove(assignmentId);
    }
}

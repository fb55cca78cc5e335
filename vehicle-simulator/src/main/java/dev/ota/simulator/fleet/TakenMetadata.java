package dev.ota.simulator.fleet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Which director metadata a vehicle took, so that the push and the answers to its asks (the same metadata, arriving
 * twice or more, possibly re-signed) start one install per assignment: metadata is taken once per assignment, never
 * for a cancelled one, and an answer older than what was taken is dropped (newer metadata wins). It also knows the
 * highest targets version seen, which the vehicle names when it asks, so the director answers only with newer
 * metadata. Versions are read from the file names before verification: they decide only what not to do again; a
 * version that does not verify installs nothing.
 */
final class TakenMetadata {

    private static final int REMEMBERED = 64;

    private final Set<UUID> taken = bounded();
    private final Set<UUID> cancelled = bounded();
    private long knownTargetsVersion;
    private long highestTaken;

    private static Set<UUID> bounded() {
        return Collections.newSetFromMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
                return size() > REMEMBERED;
            }
        });
    }

    long knownTargetsVersion() {
        return knownTargetsVersion;
    }

    /** A pushed update: true unless its assignment was already taken (from an answer). */
    boolean takePush(UUID assignmentId, long targetsVersion) {
        knownTargetsVersion = Math.max(knownTargetsVersion, targetsVersion);
        if (!taken.add(assignmentId)) {
            return false;
        }
        highestTaken = Math.max(highestTaken, targetsVersion);
        return true;
    }

    /**
     * An answer to an ask: true when it names an assignment not taken nor cancelled, and is not older than what was
     * taken. "Nothing for you" (no assignment) is never installed.
     */
    boolean takeAnswer(@Nullable UUID assignmentId, long targetsVersion) {
        knownTargetsVersion = Math.max(knownTargetsVersion, targetsVersion);
        if (assignmentId == null
                || cancelled.contains(assignmentId)
                || taken.contains(assignmentId)
                || targetsVersion < highestTaken) {
            return false;
        }
        taken.add(assignmentId);
        highestTaken = targetsVersion;
        return true;
    }

    void cancelled(UUID assignmentId) {
        cancelled.add(assignmentId);
    }

    /** The director targets version in a metadata bundle ({@code N.targets.json}); 0 when it names none. */
    static long targetsVersion(Map<String, String> metadata) {
        long version = 0;
        for (String name : metadata.keySet()) {
            if (name.endsWith(".targets.json")) {
                try {
                    version = Math.max(version, Long.parseLong(name.substring(0, name.indexOf('.'))));
                } catch (NumberFormatException notVersioned) {
                    // "targets.json" or a name of its own: no version to learn
                }
            }
        }
        return version;
    }
}

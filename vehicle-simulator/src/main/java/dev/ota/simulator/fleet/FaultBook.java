package dev.ota.simulator.fleet;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Fault profiles by image version, set through the control API; versions without one behave well. */
public final class FaultBook {

    private final Map<String, FaultProfile> byVersion = new ConcurrentHashMap<>();

    public void set(String version, FaultProfile profile) {
        byVersion.put(version, profile);
    }

    public void clear(String version) {
        byVersion.remove(version);
    }

    public Map<String, FaultProfile> all() {
        return Map.copyOf(byVersion);
    }

    FaultProfile of(String version) {
        return byVersion.getOrDefault(version, FaultProfile.NONE);
    }
}

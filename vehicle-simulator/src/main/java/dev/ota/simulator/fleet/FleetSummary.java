package dev.ota.simulator.fleet;

import java.util.Map;

/** The fleet at a glance. */
public record FleetSummary(
        int vehicles,
        int online,
        int driving,
        Map<String, Integer> byStatus,
        Map<String, Integer> byPrimaryVersion,
        Map<String, Integer> attacksDetected) {}

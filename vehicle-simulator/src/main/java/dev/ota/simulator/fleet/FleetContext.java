package dev.ota.simulator.fleet;

import java.time.Clock;
import java.util.random.RandomGenerator;

/** What every vehicle of a fleet shares: timing, fault book, Uptane, how it asks the director, the clock and the dice. */
record FleetContext(
        SimulatorProperties.Timing timing,
        FaultBook faults,
        Uptane uptane,
        SimulatorProperties.Director director,
        Clock clock,
        RandomGenerator dice) {

    boolean roll(double probability) {
        return probability > 0 && dice.nextDouble() < probability;
    }
}

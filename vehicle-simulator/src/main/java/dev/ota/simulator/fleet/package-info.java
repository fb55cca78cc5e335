/** The simulated fleet: vehicles with their ECUs and A/B slots, and how each one installs an update, faults included. */
@NullMarked
package dev.ota.simulator.fleet;

import org.jspecify.annotations.NullMarked;

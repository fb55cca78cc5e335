/** The REST control API: create a fleet, inject faults and attacks, change vehicle state, read the fleet. */
@NullMarked
package dev.ota.simulator.control;

import org.jspecify.annotations.NullMarked;

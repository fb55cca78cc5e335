/** Uptane on the simulated vehicle: full and partial verification, verified image downloads, signed version manifests, and the attacker that tampers with what a vehicle receives. */
@NullMarked
package dev.ota.simulator.uptane;

import org.jspecify.annotations.NullMarked;

/** A fleet of emulated vehicles that verify, install, fail, get attacked and report like real ones. */
@NullMarked
package dev.ota.simulator;

import org.jspecify.annotations.NullMarked;

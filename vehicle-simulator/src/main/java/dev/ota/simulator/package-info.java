/** A fleet of emulated vehicles (primary and secondary ECUs) speaking MQTT and HTTPS, with fault and attack injection. */
@NullMarked
package dev.ota.simulator;

import org.jspecify.annotations.NullMarked;

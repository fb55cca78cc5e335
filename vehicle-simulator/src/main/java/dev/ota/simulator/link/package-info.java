/** Each simulated vehicle's own MQTT session: commands in, reports out, offline spells. */
@NullMarked
package dev.ota.simulator.link;

import org.jspecify.annotations.NullMarked;

/** Platform to vehicle: turns assignment and director events into commands on each vehicle's {@code cmd} topic. */
@NullMarked
package dev.ota.gateway.downlink;

import org.jspecify.annotations.NullMarked;

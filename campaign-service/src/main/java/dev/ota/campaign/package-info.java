/** Vehicle registry, targeting, campaigns with staged rollouts, and the fleet-operations dashboard. */
@NullMarked
package dev.ota.campaign;

import org.jspecify.annotations.NullMarked;

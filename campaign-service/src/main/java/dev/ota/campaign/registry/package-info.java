/** Vehicle registry: vehicles with attributes, ECUs, and installed software from signed manifests. */
@NullMarked
package dev.ota.campaign.registry;

import org.jspecify.annotations.NullMarked;

/** REST API of the vehicle registry. */
@NullMarked
package dev.ota.campaign.registry.web;

import org.jspecify.annotations.NullMarked;

/** Consumers that keep the registry in step with vehicle manifests. */
@NullMarked
package dev.ota.campaign.registry.messaging;

import org.jspecify.annotations.NullMarked;

/** Inbound event handling: decode, deduplicate by event id, dead-letter what can never be processed. */
@NullMarked
package dev.ota.platform.messaging;

import org.jspecify.annotations.NullMarked;

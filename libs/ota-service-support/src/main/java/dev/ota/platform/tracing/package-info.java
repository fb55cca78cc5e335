/** Carries the W3C trace context across the outbox and into consumers, so one update can be followed end to end. */
@NullMarked
package dev.ota.platform.tracing;

import org.jspecify.annotations.NullMarked;

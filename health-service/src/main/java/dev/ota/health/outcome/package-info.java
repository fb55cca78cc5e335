/**
 * Per-assignment outcomes: assigned, downloading, installed, rebooted, then healthy, unhealthy, rejected or timed out.
 * Transitions only move forward, so duplicated and late reports change nothing; a vehicle is healthy only after it
 * confirmed boot, application start and a DTC delta within limit, and stayed so for the soak time.
 */
@NullMarked
package dev.ota.health.outcome;

import org.jspecify.annotations.NullMarked;

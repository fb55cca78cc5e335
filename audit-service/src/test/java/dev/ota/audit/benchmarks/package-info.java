/**
 * JMH benchmarks, run on demand (never by surefire: no class here ends in Tests). See docs/audit-service.md for the
 * command and the figures measured.
 */
@NullMarked
package dev.ota.audit.benchmarks;

import org.jspecify.annotations.NullMarked;

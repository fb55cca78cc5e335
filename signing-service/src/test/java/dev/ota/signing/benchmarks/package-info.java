/** Benchmarks (JMH: director metadata, uploads; a provisioning run of the fleet CA). Not part of the test run. */
@NullMarked
package dev.ota.signing.benchmarks;

import org.jspecify.annotations.NullMarked;

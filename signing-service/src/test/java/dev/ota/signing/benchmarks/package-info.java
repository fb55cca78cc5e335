/** JMH benchmarks: director metadata issue rate and image upload throughput. Not part of the test run. */
@NullMarked
package dev.ota.signing.benchmarks;

import org.jspecify.annotations.NullMarked;

/**
 * Statistical stage verdicts: incremental counters per campaign, stage and cohort, Wilson score bounds on the failure
 * rate, and the rules that turn them into PASS, FAIL or INSUFFICIENT_DATA.
 */
@NullMarked
package dev.ota.health.verdict;

import org.jspecify.annotations.NullMarked;

/** The staged rollout engine: stratified cohorts, dispatch under policies, gating on verdicts, per-vehicle progress. */
@NullMarked
package dev.ota.campaign.rollout;

import org.jspecify.annotations.NullMarked;

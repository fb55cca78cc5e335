/** Small named rollout policies: rate limit ramp, maintenance windows, geofences, preconditions, retries, compatibility. */
@NullMarked
package dev.ota.campaign.policy;

import org.jspecify.annotations.NullMarked;

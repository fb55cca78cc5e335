/** Post-update health: per-assignment outcomes and statistical verdicts per stage and cohort. */
@NullMarked
package dev.ota.health;

import org.jspecify.annotations.NullMarked;

/**
 * Dead letters people can work with: each service lists its own dead letters with their reasons and replays chosen
 * ones, after a fix, through the very consumers that refused them; every replay is recorded for the audit log.
 */
@NullMarked
package dev.ota.platform.deadletters;

import org.jspecify.annotations.NullMarked;

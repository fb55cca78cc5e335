/** Consumers of verdicts, rollback decisions and vehicle reports that drive the rollout. */
@NullMarked
package dev.ota.campaign.rollout.messaging;

import org.jspecify.annotations.NullMarked;

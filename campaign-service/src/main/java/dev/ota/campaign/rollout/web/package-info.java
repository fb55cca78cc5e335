/** REST API for operating a running campaign: start, hold, resume, abort, advance, and its vehicles. */
@NullMarked
package dev.ota.campaign.rollout.web;

import org.jspecify.annotations.NullMarked;

/** The fleet-operations dashboard: browser login, a page served locally, and live updates by server-sent events. */
@NullMarked
package dev.ota.campaign.dashboard;

import org.jspecify.annotations.NullMarked;

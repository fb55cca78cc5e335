/** Targeting: the fleet query language, previews of what a query matches, and saved fleet segments. */
@NullMarked
package dev.ota.campaign.targeting;

import org.jspecify.annotations.NullMarked;

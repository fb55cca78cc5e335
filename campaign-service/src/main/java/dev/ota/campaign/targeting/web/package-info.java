/** REST API for targeting previews and fleet segments. */
@NullMarked
package dev.ota.campaign.targeting.web;

import org.jspecify.annotations.NullMarked;

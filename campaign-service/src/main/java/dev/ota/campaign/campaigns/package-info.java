/** Campaigns: update bundles, staged plans, policies, and the validated lifecycle with four-eyes approval. */
@NullMarked
package dev.ota.campaign.campaigns;

import org.jspecify.annotations.NullMarked;

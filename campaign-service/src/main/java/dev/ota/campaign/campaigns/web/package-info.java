/** REST API for creating, submitting, approving and reading campaigns. */
@NullMarked
package dev.ota.campaign.campaigns.web;

import org.jspecify.annotations.NullMarked;

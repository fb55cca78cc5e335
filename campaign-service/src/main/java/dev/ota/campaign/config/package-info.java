/** Security configuration: the bearer-token API chain and the browser-login dashboard chain. */
@NullMarked
package dev.ota.campaign.config;

import org.jspecify.annotations.NullMarked;

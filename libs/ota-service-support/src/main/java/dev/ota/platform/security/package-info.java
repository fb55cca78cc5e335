/** OAuth2 resource-server set-up and the platform roles. */
@NullMarked
package dev.ota.platform.security;

import org.jspecify.annotations.NullMarked;

/**
 * What signing-service refuses to start without under the production profile: the offline ceremony's output, every
 * online key (files from a Secret or a PKCS#11 token) and the fleet CA's key store, with no development setting on.
 */
@NullMarked
package dev.ota.signing.production;

import org.jspecify.annotations.NullMarked;

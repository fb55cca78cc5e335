/** The fleet certificate authority: issues vehicle and platform certificates from CSRs, revokes them, publishes the CRL. */
@NullMarked
package dev.ota.pki;

import org.jspecify.annotations.NullMarked;

/**
 * The fleet CA's cryptography and the platform issuer: vehicle certificates from CSRs under the CA's policy, server and
 * platform certificates, signed CRLs; what was issued and revoked is kept by signing-service, not here.
 */
@NullMarked
package dev.ota.pki;

import org.jspecify.annotations.NullMarked;

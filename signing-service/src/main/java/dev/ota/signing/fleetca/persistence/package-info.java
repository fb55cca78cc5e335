/** The fleet CA's tables: issued certificates, revocations and renewals, in signing-service's PostgreSQL. */
@NullMarked
package dev.ota.signing.fleetca.persistence;

import org.jspecify.annotations.NullMarked;

/**
 * The fleet CA as a service: the CA kept on disk (ota-fleet-pki), vehicle certificates issued from CSRs and revoked
 * over REST, the CRL file the broker reads.
 */
@NullMarked
package dev.ota.gateway.fleetca;

import org.jspecify.annotations.NullMarked;

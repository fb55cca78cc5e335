/**
 * Runs inside the MQTT broker: certificate authentication, per-vehicle topic ACLs, identity stamping, and revocation
 * from the fleet CA's CRL fetched from signing-service.
 */
@NullMarked
package dev.ota.pki.broker;

import org.jspecify.annotations.NullMarked;

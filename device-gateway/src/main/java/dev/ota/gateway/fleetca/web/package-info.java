/** The fleet CA's REST API: CSR issuance for provisioning, revocation for operators, the CRL. */
@NullMarked
package dev.ota.gateway.fleetca.web;

import org.jspecify.annotations.NullMarked;

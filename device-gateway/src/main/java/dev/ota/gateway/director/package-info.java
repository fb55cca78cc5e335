/**
 * Vehicles asking the director for their metadata (Uptane 2.0 section 5.2), relayed: an ask on
 * {@code ota/v1/{vin}/director-request} that passes {@link dev.ota.gateway.director.DirectorAskCheck} and the
 * vehicle's allowance goes to signing-service over Kafka, and the director's answer back to the vehicle on
 * {@code ota/v1/{vin}/director}. The gateway signs nothing and keeps no state but the allowances.
 */
@NullMarked
package dev.ota.gateway.director;

import org.jspecify.annotations.NullMarked;

/**
 * Certificate renewal over MQTT, relayed: vehicles' CSRs and the broker's certificate-in-use reports to the fleet CA
 * (signing-service) over Kafka, its answers back to the vehicles. The gateway issues nothing and keeps no state.
 */
@NullMarked
package dev.ota.gateway.renewal;

import org.jspecify.annotations.NullMarked;

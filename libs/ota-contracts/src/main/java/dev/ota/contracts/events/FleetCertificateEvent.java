package dev.ota.contracts.events;

import dev.ota.contracts.Topics;

/**
 * What the fleet CA did with vehicle certificates, for the audit log (UNECE R156: who could connect as which vehicle,
 * and when that ended). Keyed by VIN where the event concerns one vehicle.
 */
public sealed interface FleetCertificateEvent extends OtaEvent
        permits VehicleCertificateIssued, VehicleCertificateRevoked {

    @Override
    default String topic() {
        return Topics.FLEET_CERTIFICATES;
    }
}

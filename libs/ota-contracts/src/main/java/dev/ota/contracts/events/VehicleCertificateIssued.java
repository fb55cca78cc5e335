package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The fleet CA issued a client certificate to a vehicle: from now until {@code notAfter} whoever holds its key can
 * connect as this VIN. One event per certificate (a batch of CSRs yields one per vehicle), so the audit log files each
 * under its vehicle.
 *
 * @param vin the certificate's subject CN
 * @param serial the certificate's serial, hexadecimal as in the CRL and the CA's API
 * @param notAfter the end of the certificate's validity
 * @param issuedBy who asked (the caller's name from the token: the factory line's client, an operator)
 */
public record VehicleCertificateIssued(
        UUID eventId, Instant occurredAt, String vin, String serial, Instant notAfter, String issuedBy)
        implements FleetCertificateEvent {

    public VehicleCertificateIssued {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(vin, "vin");
        Require.text(serial, "serial");
        Require.present(notAfter, "notAfter");
        Require.text(issuedBy, "issuedBy");
    }

    @Override
    public String key() {
        return vin;
    }
}

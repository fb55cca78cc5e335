package dev.ota.contracts.events;

import dev.ota.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/**
 * The broker admitted a vehicle with a recently issued certificate (reported by the broker's access extension,
 * forwarded by the gateway): the CA then revokes the certificates a renewal replaced, since the vehicle has shown it
 * holds the new one.
 *
 * @param serial the serial of the certificate the vehicle connected with, hexadecimal
 */
public record VehicleCertificateInUse(UUID eventId, Instant occurredAt, String vin, String serial)
        implements CertificateRenewalEvent {

    public VehicleCertificateInUse {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(vin, "vin");
        Require.text(serial, "serial");
    }

    @Override
    public String key() {
        return vin;
    }

    @Override
    public String topic() {
        return Topics.FLEET_CERTIFICATE_REQUESTS;
    }
}

package dev.ota.contracts.events;

import dev.ota.contracts.Topics;
import java.time.Instant;
import java.util.UUID;

/**
 * A vehicle asked over MQTT for a new certificate. The gateway forwards it only when the broker's identity stamp, the
 * topic's VIN and the CSR's CN are the same VIN; the CA checks the CSR again (its own policy) and answers with a
 * {@link VehicleCertificateAnswered}.
 *
 * @param csr the certificate signing request, PEM
 */
public record VehicleCertificateRequested(UUID eventId, Instant occurredAt, String vin, String csr)
        implements CertificateRenewalEvent {

    public VehicleCertificateRequested {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(vin, "vin");
        Require.text(csr, "csr");
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

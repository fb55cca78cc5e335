package dev.ota.contracts.events;

import dev.ota.contracts.Topics;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The fleet CA's answer to a {@link VehicleCertificateRequested}, which the gateway publishes to the vehicle on
 * {@code ota/v1/{vin}/certificate}: the new certificate, or why there is none.
 *
 * @param requestId the event id of the request
 * @param serial the new certificate's serial (hexadecimal); null when refused
 * @param certificate the new certificate, PEM; null when refused
 * @param caCertificate the fleet CA certificate, PEM (completes the chain); null when refused
 * @param refused why there is no certificate; null when issued
 * @param retryAfter when refused for the renewal limit, the first moment the next renewal is allowed
 */
public record VehicleCertificateAnswered(
        UUID eventId,
        Instant occurredAt,
        String vin,
        UUID requestId,
        @Nullable String serial,
        @Nullable String certificate,
        @Nullable String caCertificate,
        @Nullable String refused,
        @Nullable Instant retryAfter)
        implements CertificateRenewalEvent {

    public VehicleCertificateAnswered {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(vin, "vin");
        Require.present(requestId, "requestId");
        if ((certificate == null) == (refused == null)) {
            throw new IllegalArgumentException("an answer carries either a certificate or a refusal");
        }
    }

    @Override
    public String key() {
        return vin;
    }

    @Override
    public String topic() {
        return Topics.FLEET_CERTIFICATE_ANSWERS;
    }
}

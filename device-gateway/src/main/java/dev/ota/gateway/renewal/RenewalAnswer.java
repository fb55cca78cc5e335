package dev.ota.gateway.renewal;

import dev.ota.contracts.events.VehicleCertificateAnswered;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a vehicle receives on {@code ota/v1/{vin}/certificate}: the new certificate and the CA certificate (PEM), or why
 * there is none and, for the renewal limit, from when the next request is allowed. {@code audited} is always true (the
 * issuance event is committed with the certificate; kept for vehicles that read it).
 */
record RenewalAnswer(
        String vin,
        @Nullable String serial,
        @Nullable String certificate,
        @Nullable String caCertificate,
        @Nullable String refused,
        @Nullable Instant retryAfter,
        boolean audited) {

    static RenewalAnswer refused(String vin, String reason) {
        return new RenewalAnswer(vin, null, null, null, reason, null, true);
    }

    static RenewalAnswer of(VehicleCertificateAnswered answer) {
        return new RenewalAnswer(
                answer.vin(),
                answer.serial(),
                answer.certificate(),
                answer.caCertificate(),
                answer.refused(),
                answer.retryAfter(),
                true);
    }
}

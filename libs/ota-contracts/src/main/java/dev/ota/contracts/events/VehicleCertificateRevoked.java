package dev.ota.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The fleet CA revoked certificates: the broker refuses them from the vehicle's next connect on.
 *
 * @param vin the vehicle the certificates were issued to; null when the CA issued the serial to no vehicle (a
 *     platform certificate, or a serial it does not know)
 * @param serials the revoked serials, hexadecimal as in the CRL and the CA's API
 * @param reason why, as the operator gave it
 * @param revokedBy who (the caller's name from the token)
 */
public record VehicleCertificateRevoked(
        UUID eventId, Instant occurredAt, @Nullable String vin, List<String> serials, String reason, String revokedBy)
        implements FleetCertificateEvent {

    public VehicleCertificateRevoked {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        serials = Require.list(serials);
        if (serials.isEmpty()) {
            throw new IllegalArgumentException("serials must not be empty");
        }
        Require.text(reason, "reason");
        Require.text(revokedBy, "revokedBy");
    }

    /** The VIN; for a certificate of no vehicle, its first serial. */
    @Override
    public String key() {
        return vin != null ? vin : "serial:" + serials.getFirst();
    }
}

package dev.ota.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A vehicle version manifest passed verification by the owner of the ECU key inventory: the Primary's signature and
 * every ECU report's signature with the registered keys, no nonce reused, signed within the time tolerance, every ECU
 * one the vehicle was provisioned with. The typed fact every other service reads instead of the raw manifest.
 *
 * @param reportEventId the platform event id of the {@code ManifestReported} it was verified from
 * @param signedAt the Primary's time in the signed manifest
 * @param latitude where the vehicle says it was, under the Primary's signature (null when not given)
 */
public record ManifestVerified(
        UUID eventId,
        Instant occurredAt,
        String vin,
        UUID reportEventId,
        Instant signedAt,
        List<VerifiedEcu> ecus,
        @Nullable Double latitude,
        @Nullable Double longitude)
        implements InventoryEvent {

    public ManifestVerified {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(vin, "vin");
        Require.present(reportEventId, "reportEventId");
        Require.present(signedAt, "signedAt");
        ecus = Require.list(ecus);
    }
}

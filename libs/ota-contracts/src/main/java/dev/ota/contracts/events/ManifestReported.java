package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** A vehicle sent its signed version manifest; the document is carried exactly as the vehicle signed it. */
public record ManifestReported(UUID eventId, Instant occurredAt, String vin, String manifest) implements VehicleReport {

    public ManifestReported {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(vin, "vin");
        Require.text(manifest, "manifest");
    }

    @Override
    public String key() {
        return vin;
    }
}

package dev.ota.contracts.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A vehicle provisioner registered or replaced ECU public keys (the only way a key enters the inventory): which ECU,
 * which hardware, which key id (TUF key id, SHA-256 of the canonical key object), and who did it.
 */
public record EcuKeysRegistered(
        UUID eventId, Instant occurredAt, String vin, List<RegisteredKey> keys, String registeredBy)
        implements InventoryEvent {

    /** One ECU's key; {@code replacedKeyId} is the key it replaced, null for a first registration. */
    public record RegisteredKey(
            String ecuSerial,
            String hardwareId,
            boolean primary,
            String keyId,
            @org.jspecify.annotations.Nullable String replacedKeyId) {

        public RegisteredKey {
            Require.text(ecuSerial, "ecuSerial");
            Require.text(hardwareId, "hardwareId");
            Require.text(keyId, "keyId");
        }
    }

    public EcuKeysRegistered {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(vin, "vin");
        keys = Require.list(keys);
        Require.text(registeredBy, "registeredBy");
    }
}

package dev.ota.contracts.events;

import dev.ota.contracts.Topics;

/**
 * What the owner of the ECU key inventory (campaign-service) establishes about a vehicle, keyed by VIN: which ECU keys
 * were registered at provisioning, and each version manifest it verified or refused. Other services believe what a
 * vehicle runs only from {@link ManifestVerified}, never from the raw report.
 */
public sealed interface InventoryEvent extends OtaEvent permits EcuKeysRegistered, ManifestVerified, ManifestRefused {

    String vin();

    @Override
    default String key() {
        return vin();
    }

    @Override
    default String topic() {
        return Topics.VEHICLE_INVENTORY;
    }
}

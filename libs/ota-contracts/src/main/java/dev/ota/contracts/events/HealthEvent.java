package dev.ota.contracts.events;

import dev.ota.contracts.Topics;

/** Post-update health signals from vehicles, keyed by VIN. */
public sealed interface HealthEvent extends OtaEvent permits HealthBeacon {

    @Override
    default String topic() {
        return Topics.VEHICLE_HEALTH;
    }
}

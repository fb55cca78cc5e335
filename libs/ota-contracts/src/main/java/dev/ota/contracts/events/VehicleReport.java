package dev.ota.contracts.events;

import dev.ota.contracts.Topics;

/** What vehicles report about installs, keyed by VIN. */
public sealed interface VehicleReport extends OtaEvent permits ManifestReported, UpdateProgress, ConsentAnswered {

    @Override
    default String topic() {
        return Topics.VEHICLE_REPORTS;
    }
}

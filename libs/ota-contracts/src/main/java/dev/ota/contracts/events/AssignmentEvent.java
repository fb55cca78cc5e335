package dev.ota.contracts.events;

import dev.ota.contracts.Topics;

/** What a vehicle is told to install, keyed by VIN. */
public sealed interface AssignmentEvent extends OtaEvent permits UpdateAssigned, RollbackAssigned, AssignmentCancelled {

    @Override
    default String topic() {
        return Topics.VEHICLE_ASSIGNMENTS;
    }
}

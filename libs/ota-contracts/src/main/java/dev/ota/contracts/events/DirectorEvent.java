package dev.ota.contracts.events;

import dev.ota.contracts.Topics;

/** Director repository output, keyed by VIN. */
public sealed interface DirectorEvent extends OtaEvent permits DirectorMetadataIssued, AssignmentRefused {

    @Override
    default String topic() {
        return Topics.DIRECTOR_METADATA;
    }
}

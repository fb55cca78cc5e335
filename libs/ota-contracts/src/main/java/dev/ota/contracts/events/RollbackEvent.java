package dev.ota.contracts.events;

import dev.ota.contracts.Topics;

/** Rollback decisions and their completion, keyed by campaign id. */
public sealed interface RollbackEvent extends OtaEvent permits RollbackDecided, RollbackCompleted {

    @Override
    default String topic() {
        return Topics.ROLLBACK_EVENTS;
    }
}

package dev.ota.contracts.events;

import dev.ota.contracts.Topics;

/** Health verdicts per campaign stage and cohort, keyed by campaign id. */
public sealed interface VerdictEvent extends OtaEvent permits StageVerdict {

    @Override
    default String topic() {
        return Topics.HEALTH_VERDICTS;
    }
}

package dev.ota.contracts.events;

import dev.ota.contracts.Topics;

/** Signed checkpoints of the audit log, keyed by log id. */
public sealed interface AuditEvent extends OtaEvent permits CheckpointSigned {

    @Override
    default String topic() {
        return Topics.AUDIT_CHECKPOINTS;
    }
}

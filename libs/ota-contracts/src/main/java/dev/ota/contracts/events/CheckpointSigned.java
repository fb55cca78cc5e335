package dev.ota.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** The audit log signed a checkpoint of its Merkle tree (RFC 9162 tree head). */
public record CheckpointSigned(
        UUID eventId, Instant occurredAt, String logId, long treeSize, String rootHash, String keyId, String signature)
        implements AuditEvent {

    public CheckpointSigned {
        Require.present(eventId, "eventId");
        Require.present(occurredAt, "occurredAt");
        Require.text(logId, "logId");
        Require.nonNegative(treeSize, "treeSize");
        Require.text(rootHash, "rootHash");
        Require.text(keyId, "keyId");
        Require.text(signature, "signature");
    }

    @Override
    public String key() {
        return logId;
    }
}

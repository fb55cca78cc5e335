/**
 * Signed checkpoints: the tree head signed with the log's Ed25519 key, periodically and on demand, stored and published
 * as {@code CheckpointSigned} through the outbox in the same transaction.
 */
@NullMarked
package dev.ota.audit.checkpoint;

import org.jspecify.annotations.NullMarked;

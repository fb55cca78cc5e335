/**
 * The append-only log: consumes every platform topic, keeps each event exactly as received, hashes it into the Merkle
 * tree and persists the completed subtrees, all in one transaction per batch.
 */
@NullMarked
package dev.ota.audit.log;

import org.jspecify.annotations.NullMarked;

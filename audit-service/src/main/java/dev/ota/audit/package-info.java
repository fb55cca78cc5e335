/** Tamper-evident audit log of every platform event: Merkle tree, signed checkpoints, proofs, R156 exports. */
@NullMarked
package dev.ota.audit;

import org.jspecify.annotations.NullMarked;

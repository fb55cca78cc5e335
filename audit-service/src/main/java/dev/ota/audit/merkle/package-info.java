/**
 * The Merkle tree of RFC 9162 (Certificate Transparency v2), §2.1: hashing with domain separation, tree heads,
 * inclusion and consistency proofs and their verification. Plain Java, no Spring, so the offline verifier can use it.
 */
@NullMarked
package dev.ota.audit.merkle;

import org.jspecify.annotations.NullMarked;

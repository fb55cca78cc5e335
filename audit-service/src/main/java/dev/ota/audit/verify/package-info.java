/**
 * Verification of the stored log: recomputes every leaf from the stored event bytes and the whole tree from the
 * leaves, compares them with the stored subtree hashes and with every signed checkpoint, and names the first entry
 * that can no longer be trusted.
 */
@NullMarked
package dev.ota.audit.verify;

import org.jspecify.annotations.NullMarked;

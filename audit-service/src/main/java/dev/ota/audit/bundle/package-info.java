/**
 * Export bundles and their offline verification: a selection of log entries, each with its inclusion proof, tied to
 * one signed checkpoint, as JSON Lines or CSV. Every byte of a bundle is either checked cryptographically or derived
 * from checked bytes and compared, so changing any byte makes verification fail. Plain Java, no Spring.
 */
@NullMarked
package dev.ota.audit.bundle;

import org.jspecify.annotations.NullMarked;

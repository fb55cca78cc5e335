/**
 * An independent witness (C2SP tlog-witness style) that runs without the service: it keeps its own Ed25519 key and the
 * last checkpoint it cosigned, and cosigns a new checkpoint only when the log signed it and a consistency proof shows
 * it extends that last one. Plain Java, like the offline verifier.
 */
@NullMarked
package dev.ota.audit.witness;

import org.jspecify.annotations.NullMarked;

/**
 * Checkpoints as C2SP text: the tlog-checkpoint body (origin, tree size, base64 root hash, extension lines) wrapped in
 * a signed note with Ed25519 signatures, so standard transparency-log tooling can read and verify them. Plain Java.
 */
@NullMarked
package dev.ota.audit.note;

import org.jspecify.annotations.NullMarked;

/** Signing schemes (ed25519, ecdsa-sha2-nistp256, rsassa-pss-sha256), TUF key objects and key ids, signers, hashes and encrypted key files. */
@NullMarked
package dev.ota.uptane.crypto;

import org.jspecify.annotations.NullMarked;

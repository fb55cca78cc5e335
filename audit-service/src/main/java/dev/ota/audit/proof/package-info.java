/** Inclusion and consistency proofs (RFC 9162 §2.1.3, §2.1.4) and log entries over REST, for auditors. */
@NullMarked
package dev.ota.audit.proof;

import org.jspecify.annotations.NullMarked;

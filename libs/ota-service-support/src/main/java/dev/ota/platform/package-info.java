/** Conventions every OTA service shares: security, transactional outbox, idempotent consumers, dead letters. */
@NullMarked
package dev.ota.platform;

import org.jspecify.annotations.NullMarked;

/** Transactional outbox: events are stored with the state change that causes them and relayed to Kafka after commit. */
@NullMarked
package dev.ota.platform.outbox;

import org.jspecify.annotations.NullMarked;

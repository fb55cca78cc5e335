/**
 * Real Kafka (KRaft), PostgreSQL and HiveMQ CE servers started inside a JVM, for tests and the one-command local
 * platform. Production uses clusters; these are the same servers, embedded.
 */
@NullMarked
package dev.ota.infra;

import org.jspecify.annotations.NullMarked;

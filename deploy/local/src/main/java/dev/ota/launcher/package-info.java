/**
 * The one-command local platform: embedded PostgreSQL, Kafka and HiveMQ in this process, and the authorization server
 * plus every service as its own JVM process against them.
 */
@NullMarked
package dev.ota.launcher;

import org.jspecify.annotations.NullMarked;

/**
 * JUnit 5 and Spring test support that gives tests REAL infrastructure: Kafka, PostgreSQL and an MQTT broker, started
 * once per JVM (embedded servers, or Testcontainers where a Docker engine exists), plus signed JWTs for REST calls.
 */
@NullMarked
package dev.ota.testsupport;

import org.jspecify.annotations.NullMarked;

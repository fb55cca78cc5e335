/**
 * Black-box system tests: the real application jars as processes on the embedded infrastructure, driven only through
 * the public REST APIs, MQTT and the simulator's control API (the Kafka dead-letter topics are read to show that refused
 * vehicle messages are kept, not lost).
 */
@NullMarked
package dev.ota.systemtests;

import org.jspecify.annotations.NullMarked;

/**
 * The service's Kafka client identity (mutual TLS settings), shared by every Kafka client the service makes, and its
 * one producer path (an observed {@code KafkaTemplate} with the platform's producer settings).
 */
@NullMarked
package dev.ota.platform.kafka;

import org.jspecify.annotations.NullMarked;

/** The service's Kafka client identity (mutual TLS settings), shared by every Kafka client the service makes. */
@NullMarked
package dev.ota.platform.kafka;

import org.jspecify.annotations.NullMarked;

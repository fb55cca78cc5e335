/** The MQTT to Kafka bridge between vehicles and the platform; stateless, scales out by shared subscriptions. */
@NullMarked
package dev.ota.gateway;

import org.jspecify.annotations.NullMarked;

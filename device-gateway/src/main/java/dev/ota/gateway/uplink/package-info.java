/** Vehicle to platform: validates what vehicles publish and forwards it to Kafka, acknowledging only after Kafka did. */
@NullMarked
package dev.ota.gateway.uplink;

import org.jspecify.annotations.NullMarked;

/** The gateway's own MQTT 5 connection to the broker: one persistent session per replica, optionally over mutual TLS. */
@NullMarked
package dev.ota.gateway.mqtt;

import org.jspecify.annotations.NullMarked;

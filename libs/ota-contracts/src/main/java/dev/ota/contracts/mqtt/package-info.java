/** The MQTT topic scheme between vehicles and the device gateway. */
@NullMarked
package dev.ota.contracts.mqtt;

import org.jspecify.annotations.NullMarked;

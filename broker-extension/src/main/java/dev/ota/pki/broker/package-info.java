/** Runs inside the MQTT broker: certificate authentication, per-vehicle topic ACLs, and identity stamping. */
@NullMarked
package dev.ota.pki.broker;

import org.jspecify.annotations.NullMarked;

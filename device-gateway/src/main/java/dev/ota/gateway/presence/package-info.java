/** Vehicles connected to the brokers, as the brokers' vehicle access extension reports them; exported as a gauge. */
@NullMarked
package dev.ota.gateway.presence;

import org.jspecify.annotations.NullMarked;

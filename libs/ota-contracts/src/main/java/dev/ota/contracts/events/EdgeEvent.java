package dev.ota.contracts.events;

import dev.ota.contracts.Topics;

/**
 * What the device gateway, the platform's edge, decided about a vehicle's message before anything believed it: written
 * by the gateway alone on {@code ota.edge.refusals}, read by the audit log. Keyed by the sender's VIN, the one of its
 * certificate, so a vehicle's refusals sit in its own audit trail and never in another's.
 */
public sealed interface EdgeEvent extends OtaEvent permits VehicleMessageRefused {

    @Override
    default String topic() {
        return Topics.EDGE_REFUSALS;
    }
}

package dev.ota.gateway.uplink;

import dev.ota.contracts.VehicleEventIds;
import dev.ota.contracts.events.OtaEvent;
import org.jspecify.annotations.Nullable;

/** What the gateway does with one vehicle message: forward it to Kafka, or dead-letter it with the reason. */
sealed interface UplinkVerdict {

    /** The Kafka topic the message belongs to (or would have belonged to). */
    String kafkaTopic();

    /**
     * @param event the event as the vehicle sent it (its id is the vehicle's own)
     * @param stamped what goes to Kafka: the payload with the platform event id, and that id
     */
    record Forward(String vin, String kafkaTopic, OtaEvent event, VehicleEventIds.Stamped stamped)
            implements UplinkVerdict {}

    record Refuse(@Nullable String vin, String kafkaTopic, String reason) implements UplinkVerdict {}
}

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

    /**
     * @param vin the VIN the topic names, if it names one
     * @param sender the VIN of the certificate that published, as the broker stamped it
     */
    record Refuse(
            @Nullable String vin, @Nullable String sender, String kafkaTopic, UplinkRefusal refusal, String detail)
            implements UplinkVerdict {

        /** The dead-letter reason: the refusal's name, then what was wrong. */
        String reason() {
            return refusal.name() + ": " + detail;
        }
    }
}

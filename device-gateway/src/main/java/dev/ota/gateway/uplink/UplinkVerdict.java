package dev.ota.gateway.uplink;

import dev.ota.contracts.events.OtaEvent;
import org.jspecify.annotations.Nullable;

/** What the gateway does with one vehicle message: forward it to Kafka, or dead-letter it with the reason. */
sealed interface UplinkVerdict {

    /** The Kafka topic the message belongs to (or would have belonged to). */
    String kafkaTopic();

    record Forward(String vin, String kafkaTopic, OtaEvent event) implements UplinkVerdict {}

    record Refuse(@Nullable String vin, String kafkaTopic, String reason) implements UplinkVerdict {}
}

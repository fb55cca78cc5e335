package dev.ota.gateway.uplink;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits and identity rules for what vehicles publish.
 *
 * @param maxPayloadBytes larger messages are dead-lettered unread
 * @param identityProperty MQTT 5 user property in which the broker (its ACL extension) stamps the identity from the
 *     vehicle's certificate; a vehicle cannot set it itself, the broker overwrites it
 * @param requireBrokerIdentity refuse messages without that property; on unless switched off, since without it the
 *     gateway would take a vehicle's word for the VIN in its topic (only tests against a plain broker switch it off)
 * @param retryBackoff first wait before re-sending to Kafka after a failure; doubles up to ten times this
 * @param auditedRefusalsPerVehicle how many refusals of one sender the audit log records one by one per
 *     {@code auditWindow}; the rest are counted and reported with its next audited refusal
 * @param auditWindow the window of that budget
 */
@ConfigurationProperties("ota.gateway.uplink")
record UplinkProperties(
        @DefaultValue("262144") int maxPayloadBytes,
        @DefaultValue("ota-identity") String identityProperty,
        @DefaultValue("true") boolean requireBrokerIdentity,
        @DefaultValue("PT0.5S") Duration retryBackoff,
        @DefaultValue("20") int auditedRefusalsPerVehicle,
        @DefaultValue("PT1M") Duration auditWindow) {

    UplinkProperties {
        if (maxPayloadBytes < 1024) {
            throw new IllegalArgumentException("ota.gateway.uplink.max-payload-bytes must be at least 1024");
        }
    }
}

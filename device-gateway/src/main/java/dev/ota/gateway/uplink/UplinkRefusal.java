package dev.ota.gateway.uplink;

/**
 * Why the gateway refused a vehicle's message: the name that is counted ({@code ota.gateway.uplink.refused}), written
 * before the words in the dead-letter reason, and recorded in the audit log ({@code VehicleMessageRefused}).
 */
enum UplinkRefusal {
    /** The topic is not {@code ota/v1/vehicles/<VIN>/<channel>}. */
    NOT_A_VEHICLE_TOPIC,
    /** A server-to-vehicle channel: vehicles may not publish there. */
    DOWNLINK_CHANNEL,
    /** Larger than the gateway's limit (the broker's own limit is larger still, or this never happens). */
    OVERSIZED,
    /** The broker stamped no certificate identity. */
    NO_IDENTITY,
    /** The certificate's VIN is not the topic's. */
    IDENTITY_MISMATCH,
    /** Not JSON, not an event, an unknown type, or a required field missing. */
    MALFORMED,
    /** An event of another channel's type. */
    WRONG_CHANNEL,
    /** The event is about another vehicle than the topic's. */
    PAYLOAD_VIN_MISMATCH,
    /** A manifest that can never pass: unsigned, unparsable, or about another vehicle. */
    MANIFEST_INVALID
}

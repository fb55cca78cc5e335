package dev.ota.contracts;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The event ids of what vehicles send. A vehicle chooses its own event ids, so they cannot be trusted as the platform's
 * deduplication key: a vehicle that reused the id of a platform event (the gateway hands a command's source event id
 * to the vehicle) or of another vehicle's report would have the real event skipped as a duplicate. The gateway
 * therefore replaces the id of every vehicle message with {@link #derive a name-based UUID} of the certificate's VIN
 * and the vehicle's own id, and keeps the vehicle's id in the field {@value #VEHICLE_EVENT_ID}:
 *
 * <ul>
 *   <li>deterministic, so an MQTT redelivery of one report still deduplicates;
 *   <li>scoped by VIN, so no vehicle can produce an id of another vehicle's report;
 *   <li>a version 3 UUID, so it never equals a platform event id (random, version 4).
 * </ul>
 *
 * The record key of a vehicle topic is the VIN, which the gateway has checked against the certificate identity.
 */
public final class VehicleEventIds {

    /** The JSON field in which the gateway keeps the id the vehicle chose. */
    public static final String VEHICLE_EVENT_ID = "vehicleEventId";

    private static final int NAME_BASED_VERSION = 3;

    private VehicleEventIds() {}

    /** The platform event id of a vehicle's report: UUID v3 of {@code vehicle:<vin>:<vehicle's event id>}. */
    public static UUID derive(String vin, UUID vehicleEventId) {
        return UUID.nameUUIDFromBytes(("vehicle:" + vin + ":" + vehicleEventId).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether records on this topic come from vehicles (through the gateway). */
    public static boolean fromVehicles(String topic) {
        return topic.equals(Topics.VEHICLE_REPORTS) || topic.equals(Topics.VEHICLE_HEALTH);
    }

    /**
     * Rewrites a vehicle message for the platform: {@code eventId} becomes the derived id, {@value #VEHICLE_EVENT_ID}
     * the id the vehicle chose (whatever the vehicle put in that field is overwritten). Every other field is kept.
     *
     * @param vin the VIN the message was accepted for (topic, payload and certificate agree on it)
     * @throws MalformedEventException when the payload is not a JSON object with a UUID {@code eventId}
     */
    public static Stamped stamp(byte[] payload, String vin) {
        JsonNode tree;
        try {
            tree = EventCodec.mapper().readTree(payload);
        } catch (JacksonException e) {
            throw new MalformedEventException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!(tree instanceof ObjectNode object) || !object.path("eventId").isString()) {
            throw new MalformedEventException("an event must be a JSON object with an eventId");
        }
        UUID vehicleEventId;
        try {
            vehicleEventId = UUID.fromString(object.path("eventId").asString());
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("eventId is not a UUID", e);
        }
        UUID eventId = derive(vin, vehicleEventId);
        object.put("eventId", eventId.toString());
        object.put(VEHICLE_EVENT_ID, vehicleEventId.toString());
        return new Stamped(EventCodec.mapper().writeValueAsBytes(object), eventId, vehicleEventId);
    }

    /** A vehicle message as the gateway forwards it. */
    public record Stamped(byte[] payload, UUID eventId, UUID vehicleEventId) {}

    /**
     * Whether {@code eventId} is the id the gateway derives for this VIN and the {@value #VEHICLE_EVENT_ID} the payload
     * carries. False for a version other than 3, a missing or malformed field, or an id of another VIN.
     */
    public static boolean isStamped(UUID eventId, String vin, byte[] payload) {
        if (eventId.version() != NAME_BASED_VERSION) {
            return false;
        }
        return vehicleEventId(payload)
                .map(original -> derive(vin, original).equals(eventId))
                .orElse(false);
    }

    /** The top-level {@value #VEHICLE_EVENT_ID} of a payload, read in one streaming pass without building a tree. */
    public static Optional<UUID> vehicleEventId(byte[] payload) {
        UUID found = null;
        try (JsonParser parser = EventCodec.mapper().createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                if (name.equals(VEHICLE_EVENT_ID)) {
                    if (value != JsonToken.VALUE_STRING) {
                        return Optional.empty();
                    }
                    found = UUID.fromString(parser.getString());
                } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    parser.skipChildren();
                }
            }
        } catch (JacksonException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(found);
    }
}

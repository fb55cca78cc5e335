package dev.ota.audit.log;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.MalformedEventException;
import dev.ota.contracts.VehicleEventIds;
import dev.ota.contracts.events.AssignmentCancelled;
import dev.ota.contracts.events.CampaignEvent;
import dev.ota.contracts.events.ConsentAnswered;
import dev.ota.contracts.events.DirectorMetadataIssued;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.ManifestReported;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.events.RollbackAssigned;
import dev.ota.contracts.events.RollbackCompleted;
import dev.ota.contracts.events.RollbackDecided;
import dev.ota.contracts.events.StageVerdict;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.contracts.events.VehicleCertificateIssued;
import dev.ota.contracts.events.VehicleCertificateRevoked;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * An event as read from Kafka, with the facts the log indexes. Events of a type this build does not know (a newer
 * producer) are kept too: the log records what happened, not what this build understands.
 */
public record ReceivedEvent(
        String topic,
        @Nullable String key,
        byte[] payload,
        UUID eventId,
        String eventType,
        Instant occurredAt,
        @Nullable String vin,
        @Nullable UUID campaignId,
        @Nullable UUID assignmentId) {

    /**
     * @throws MalformedEventException when the bytes are not an event, or are a vehicle's event without the id the
     *     gateway stamps on it (they belong in the dead-letter topic)
     */
    public static ReceivedEvent parse(String topic, @Nullable String key, byte[] payload) {
        Optional<OtaEvent> decoded = EventCodec.decode(payload);
        ReceivedEvent event =
                decoded.isPresent() ? of(topic, key, payload, decoded.get()) : unknownType(topic, key, payload);
        if (VehicleEventIds.fromVehicles(topic)) {
            requireStampedByGateway(event);
        }
        return event;
    }

    /**
     * The log appends each event id once, so deduplication could fold one record into another of the same id. A
     * vehicle chooses its own ids; only because the gateway replaces them ({@link VehicleEventIds}: a UUID v3 of the
     * VIN and the vehicle's id, never equal to a platform event's random v4 id nor to another VIN's) can no vehicle
     * record take the place of a platform event or of another vehicle's report. A record on a vehicle topic whose id
     * is not the one derived from its key (the certificate's VIN) and its {@code vehicleEventId} did not come that way,
     * and is refused before it can claim an id.
     */
    private static void requireStampedByGateway(ReceivedEvent event) {
        String vin = event.key();
        if (vin == null || (event.vin() != null && !vin.equals(event.vin()))) {
            throw new MalformedEventException("vehicle event keyed " + vin + " is about VIN " + event.vin());
        }
        if (!VehicleEventIds.isStamped(event.eventId(), vin, event.payload())) {
            throw new MalformedEventException("vehicle event id " + event.eventId() + " is not the one the gateway"
                    + " derives from VIN " + vin + " and the event's " + VehicleEventIds.VEHICLE_EVENT_ID);
        }
    }

    static ReceivedEvent of(String topic, @Nullable String key, byte[] payload, OtaEvent event) {
        String vin = null;
        UUID campaign = null;
        UUID assignment = null;
        switch (event) {
            case UpdateAssigned e -> {
                vin = e.vin();
                campaign = e.campaignId();
                assignment = e.assignmentId();
            }
            case RollbackAssigned e -> {
                vin = e.vin();
                campaign = e.campaignId();
                assignment = e.assignmentId();
            }
            case AssignmentCancelled e -> {
                vin = e.vin();
                campaign = e.campaignId();
                assignment = e.assignmentId();
            }
            case DirectorMetadataIssued e -> {
                vin = e.vin();
                campaign = e.campaignId();
                assignment = e.assignmentId();
            }
            case UpdateProgress e -> {
                vin = e.vin();
                assignment = e.assignmentId();
            }
            case ConsentAnswered e -> {
                vin = e.vin();
                assignment = e.assignmentId();
            }
            case HealthBeacon e -> {
                vin = e.vin();
                assignment = e.assignmentId();
            }
            case ManifestReported e -> vin = e.vin();
            // what the inventory believed or refused, and which ECU keys were registered, belong to its history
            case dev.ota.contracts.events.InventoryEvent e -> vin = e.vin();
            case dev.ota.contracts.events.CompatibilityChecked e -> {
                vin = e.vin();
                campaign = e.campaignId();
            }
            case CampaignEvent e -> campaign = e.campaignId();
            case StageVerdict e -> campaign = e.campaignId();
            case RollbackDecided e -> campaign = e.campaignId();
            case RollbackCompleted e -> campaign = e.campaignId();
            // who could connect as the vehicle, from when to when, belongs to its history
            case VehicleCertificateIssued e -> vin = e.vin();
            case VehicleCertificateRevoked e -> vin = e.vin();
            // what the gateway refused of a vehicle's messages belongs to the history of the certificate that sent it
            case dev.ota.contracts.events.VehicleMessageRefused e ->
                vin = dev.ota.contracts.events.VehicleMessageRefused.UNIDENTIFIED.equals(e.sender())
                        ? null
                        : e.sender();
            default -> {}
        }
        return new ReceivedEvent(
                topic, key, payload, event.eventId(), event.type(), event.occurredAt(), vin, campaign, assignment);
    }

    private static ReceivedEvent unknownType(String topic, @Nullable String key, byte[] payload) {
        JsonNode tree;
        try {
            tree = EventCodec.mapper().readTree(payload);
        } catch (JacksonException e) {
            throw new MalformedEventException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        String type = tree.path("type").asString("");
        String id = tree.path("eventId").asString("");
        try {
            UUID eventId = UUID.fromString(id);
            String when = tree.path("occurredAt").asString("");
            Instant occurredAt = when.isEmpty() ? Instant.now() : Instant.parse(when);
            return new ReceivedEvent(topic, key, payload, eventId, type, occurredAt, null, null, null);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new MalformedEventException("event of unknown type " + type + " lacks a valid eventId or occurredAt");
        }
    }
}

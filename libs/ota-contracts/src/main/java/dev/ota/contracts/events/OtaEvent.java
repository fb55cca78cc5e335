package dev.ota.contracts.events;

import dev.ota.contracts.EventTypes;
import java.time.Instant;
import java.util.UUID;

/**
 * Every event on the platform. Each carries its id (consumers deduplicate on it), when it occurred, and its key (the
 * Kafka record key: a VIN, a campaign id, an image name). The wire type and schema version are fixed per record type
 * by {@link EventTypes}, never derived from a Java class name.
 */
public sealed interface OtaEvent
        permits ImageEvent,
                CampaignEvent,
                AssignmentEvent,
                DirectorEvent,
                VehicleReport,
                InventoryEvent,
                HealthEvent,
                VerdictEvent,
                RollbackEvent,
                AuditEvent,
                FleetCertificateEvent,
                CertificateRenewalEvent,
                DirectorAskEvent,
                OperatorEvent,
                EdgeEvent {

    UUID eventId();

    Instant occurredAt();

    /** The Kafka record key. */
    String key();

    /** The topic this event is published to. */
    String topic();

    /** Logical wire type, e.g. {@code ota.ImageSigned.v1}. */
    default String type() {
        return EventTypes.typeOf(getClass()).name();
    }

    default int schemaVersion() {
        return EventTypes.typeOf(getClass()).version();
    }
}

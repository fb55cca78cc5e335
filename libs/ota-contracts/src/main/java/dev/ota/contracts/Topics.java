package dev.ota.contracts;

import java.util.List;

/** Kafka topic names. The key of each topic is given beside it; ordering is per key. */
public final class Topics {

    /** Key: image name. ImageSigned, ImageRevoked. */
    public static final String IMAGE_EVENTS = "ota.image.events";
    /** Key: campaign id. Campaign lifecycle events. */
    public static final String CAMPAIGN_EVENTS = "ota.campaign.events";
    /** Key: VIN. UpdateAssigned, RollbackAssigned, AssignmentCancelled. */
    public static final String VEHICLE_ASSIGNMENTS = "ota.vehicle.assignments";
    /** Key: VIN. DirectorMetadataIssued. */
    public static final String DIRECTOR_METADATA = "ota.director.metadata";
    /** Key: VIN. ManifestReported, UpdateProgress, ConsentAnswered. */
    public static final String VEHICLE_REPORTS = "ota.vehicle.reports";
    /**
     * Key: VIN. EcuKeysRegistered, ManifestVerified, ManifestRefused: the ECU key inventory's verified facts (written by
     * campaign-service, which owns the inventory and verifies every manifest).
     */
    public static final String VEHICLE_INVENTORY = "ota.vehicle.inventory";
    /** Key: VIN. HealthBeacon. */
    public static final String VEHICLE_HEALTH = "ota.vehicle.health";
    /** Key: campaign id. StageVerdict. */
    public static final String HEALTH_VERDICTS = "ota.health.verdicts";
    /** Key: campaign id. RollbackDecided, RollbackCompleted. */
    public static final String ROLLBACK_EVENTS = "ota.rollback.events";
    /** Key: log id. CheckpointSigned. */
    public static final String AUDIT_CHECKPOINTS = "ota.audit.checkpoints";
    /** Key: VIN. VehicleCertificateIssued, VehicleCertificateRevoked. */
    public static final String FLEET_CERTIFICATES = "ota.fleet.certificates";
    /** Key: VIN. VehicleCertificateRequested, VehicleCertificateInUse (gateway to fleet CA, renewal over MQTT). */
    public static final String FLEET_CERTIFICATE_REQUESTS = "ota.fleet.certificate-requests";
    /** Key: VIN. VehicleCertificateAnswered (fleet CA to gateway, renewal over MQTT). */
    public static final String FLEET_CERTIFICATE_ANSWERS = "ota.fleet.certificate-answers";
    /**
     * Key: the sender's VIN (of its certificate). VehicleMessageRefused: what the gateway refused of a vehicle's
     * messages, for the audit log (the refused payloads themselves go to the dead-letter topics).
     */
    public static final String EDGE_REFUSALS = "ota.edge.refusals";
    /** Key: VIN. DirectorMetadataRequested (gateway to director: a vehicle asks for its director metadata over MQTT). */
    public static final String DIRECTOR_REQUESTS = "ota.director.requests";
    /** Key: VIN. DirectorMetadataAnswered (director to gateway: the vehicle's stored director metadata). */
    public static final String DIRECTOR_ANSWERS = "ota.director.answers";

    public static final List<String> ALL = List.of(
            IMAGE_EVENTS,
            CAMPAIGN_EVENTS,
            VEHICLE_ASSIGNMENTS,
            DIRECTOR_METADATA,
            VEHICLE_REPORTS,
            VEHICLE_INVENTORY,
            VEHICLE_HEALTH,
            HEALTH_VERDICTS,
            ROLLBACK_EVENTS,
            AUDIT_CHECKPOINTS,
            FLEET_CERTIFICATES,
            FLEET_CERTIFICATE_REQUESTS,
            FLEET_CERTIFICATE_ANSWERS,
            EDGE_REFUSALS);

    /**
     * The director's ask and answer topics. They are platform topics like those of {@link #ALL} (created, secured by
     * {@code KafkaAccess}, with dead-letter topics), but not in {@code ALL}, which is what the audit log records: an
     * ask changes nothing and its answer repeats metadata the log already holds as {@code DirectorMetadataIssued},
     * while every vehicle asks every few minutes, which would make the tamper-evident log mostly asks.
     */
    public static final List<String> DIRECTOR_ASKS = List.of(DIRECTOR_REQUESTS, DIRECTOR_ANSWERS);

    private static final String DEAD_LETTER_SUFFIX = ".dlq";

    private Topics() {}

    /** The dead-letter topic of a topic: {@code <topic>.dlq}. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }

    /** Every topic of the platform: the audited ones ({@link #ALL}) and the director's asks. */
    public static List<String> everyTopic() {
        return java.util.stream.Stream.concat(ALL.stream(), DIRECTOR_ASKS.stream())
                .toList();
    }

    /** Every platform topic followed by every dead-letter topic: what a broker creates up front. */
    public static List<String> allWithDeadLetters() {
        return java.util.stream.Stream.concat(
                        everyTopic().stream(), everyTopic().stream().map(Topics::deadLetter))
                .toList();
    }

    public static boolean isDeadLetter(String topic) {
        return topic.endsWith(DEAD_LETTER_SUFFIX);
    }
}

package dev.ota.contracts;

import dev.ota.contracts.events.AssignmentCancelled;
import dev.ota.contracts.events.AssignmentRefused;
import dev.ota.contracts.events.CampaignAborted;
import dev.ota.contracts.events.CampaignApproved;
import dev.ota.contracts.events.CampaignCompleted;
import dev.ota.contracts.events.CampaignCreated;
import dev.ota.contracts.events.CampaignPaused;
import dev.ota.contracts.events.CampaignRejected;
import dev.ota.contracts.events.CampaignResumed;
import dev.ota.contracts.events.CampaignRolledBack;
import dev.ota.contracts.events.CampaignScheduled;
import dev.ota.contracts.events.CampaignSubmitted;
import dev.ota.contracts.events.CheckpointSigned;
import dev.ota.contracts.events.CompatibilityChecked;
import dev.ota.contracts.events.CompatibilityRoundChecked;
import dev.ota.contracts.events.ConsentAnswered;
import dev.ota.contracts.events.DeadLettersReplayed;
import dev.ota.contracts.events.DirectorMetadataAnswered;
import dev.ota.contracts.events.DirectorMetadataIssued;
import dev.ota.contracts.events.DirectorMetadataRequested;
import dev.ota.contracts.events.EcuKeysRegistered;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.ImageRevoked;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.contracts.events.ManifestRefused;
import dev.ota.contracts.events.ManifestReported;
import dev.ota.contracts.events.ManifestVerified;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.events.RollbackAssigned;
import dev.ota.contracts.events.RollbackCompleted;
import dev.ota.contracts.events.RollbackDecided;
import dev.ota.contracts.events.StageCompleted;
import dev.ota.contracts.events.StageStarted;
import dev.ota.contracts.events.StageVerdict;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.contracts.events.VehicleCertificateAnswered;
import dev.ota.contracts.events.VehicleCertificateInUse;
import dev.ota.contracts.events.VehicleCertificateIssued;
import dev.ota.contracts.events.VehicleCertificateRequested;
import dev.ota.contracts.events.VehicleCertificateRevoked;
import dev.ota.contracts.events.VehicleMessageRefused;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registry of wire types. Adding an event means adding a line here and a golden sample in the tests. */
public final class EventTypes {

    public static final List<EventType> ALL = List.of(
            v1("ota.ImageSigned", ImageSigned.class),
            v1("ota.ImageRevoked", ImageRevoked.class),
            v1("ota.CampaignCreated", CampaignCreated.class),
            v1("ota.CampaignApproved", CampaignApproved.class),
            v1("ota.StageStarted", StageStarted.class),
            v1("ota.StageCompleted", StageCompleted.class),
            v1("ota.CampaignPaused", CampaignPaused.class),
            v1("ota.CampaignResumed", CampaignResumed.class),
            v1("ota.CampaignAborted", CampaignAborted.class),
            v1("ota.CampaignCompleted", CampaignCompleted.class),
            v1("ota.CampaignSubmitted", CampaignSubmitted.class),
            v1("ota.CampaignRejected", CampaignRejected.class),
            v1("ota.CampaignScheduled", CampaignScheduled.class),
            v1("ota.CampaignRolledBack", CampaignRolledBack.class),
            v1("ota.CompatibilityChecked", CompatibilityChecked.class),
            v1("ota.CompatibilityRoundChecked", CompatibilityRoundChecked.class),
            v1("ota.UpdateAssigned", UpdateAssigned.class),
            v1("ota.RollbackAssigned", RollbackAssigned.class),
            v1("ota.AssignmentCancelled", AssignmentCancelled.class),
            v1("ota.DirectorMetadataIssued", DirectorMetadataIssued.class),
            v1("ota.AssignmentRefused", AssignmentRefused.class),
            v1("ota.ManifestReported", ManifestReported.class),
            v1("ota.UpdateProgress", UpdateProgress.class),
            v1("ota.EcuKeysRegistered", EcuKeysRegistered.class),
            v1("ota.ManifestVerified", ManifestVerified.class),
            v1("ota.ManifestRefused", ManifestRefused.class),
            v1("ota.ConsentAnswered", ConsentAnswered.class),
            v1("ota.HealthBeacon", HealthBeacon.class),
            v1("ota.StageVerdict", StageVerdict.class),
            v1("ota.RollbackDecided", RollbackDecided.class),
            v1("ota.RollbackCompleted", RollbackCompleted.class),
            v1("ota.CheckpointSigned", CheckpointSigned.class),
            v1("ota.VehicleCertificateRevoked", VehicleCertificateRevoked.class),
            v1("ota.VehicleCertificateIssued", VehicleCertificateIssued.class),
            v1("ota.VehicleCertificateRequested", VehicleCertificateRequested.class),
            v1("ota.VehicleCertificateInUse", VehicleCertificateInUse.class),
            v1("ota.VehicleCertificateAnswered", VehicleCertificateAnswered.class),
            v1("ota.DirectorMetadataRequested", DirectorMetadataRequested.class),
            v1("ota.DirectorMetadataAnswered", DirectorMetadataAnswered.class),
            v1("ota.DeadLettersReplayed", DeadLettersReplayed.class),
            v1("ota.VehicleMessageRefused", VehicleMessageRefused.class));

    private static final Map<String, EventType> BY_NAME = new LinkedHashMap<>();
    private static final Map<Class<?>, EventType> BY_CLASS = new LinkedHashMap<>();

    static {
        for (EventType type : ALL) {
            BY_NAME.put(type.name(), type);
            BY_CLASS.put(type.javaType(), type);
        }
    }

    private EventTypes() {}

    private static EventType v1(String baseName, Class<? extends OtaEvent> javaType) {
        return new EventType(baseName + ".v1", 1, javaType);
    }

    public static EventType typeOf(Class<?> javaType) {
        EventType type = BY_CLASS.get(javaType);
        if (type == null) {
            throw new IllegalArgumentException("not a registered event type: " + javaType.getName());
        }
        return type;
    }

    public static Optional<EventType> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}

package dev.ota.audit;

import dev.ota.contracts.EventCodec;
import dev.ota.contracts.VehicleEventIds;
import dev.ota.contracts.events.CampaignApproved;
import dev.ota.contracts.events.CampaignCreated;
import dev.ota.contracts.events.DirectorMetadataIssued;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.HealthCriteria;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.ManifestReported;
import dev.ota.contracts.events.ManifestVerified;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.events.RollbackDecided;
import dev.ota.contracts.events.StageStarted;
import dev.ota.contracts.events.StageVerdict;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.contracts.events.UpdateProgress;
import dev.ota.contracts.events.VerdictOutcome;
import dev.ota.contracts.events.VerifiedEcu;
import dev.ota.testsupport.KafkaTestClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Realistic events of every producing topic, fresh ids each time. */
public final class TestEvents {

    private TestEvents() {}

    public static EcuTarget brake(String version, String hashByte) {
        return new EcuTarget(
                "ECU-BRAKE-0001",
                "brake-ctrl-v2",
                "brake-ctrl",
                version,
                "brake-ctrl/" + version + "/brake.bin",
                42,
                1_048_576,
                Map.of("sha256", hashByte.repeat(32)));
    }

    public static ImageSigned imageSigned(String version) {
        EcuTarget t = brake(version, "ab");
        return new ImageSigned(
                UUID.randomUUID(),
                Instant.now(),
                t.imageName(),
                version,
                List.of(t.hardwareId()),
                42,
                t.length(),
                t.hashes(),
                t.targetPath(),
                "ci",
                Map.of());
    }

    public static CampaignCreated campaignCreated(UUID campaign) {
        return campaignCreated(campaign, null);
    }

    public static CampaignCreated campaignCreated(UUID campaign, @Nullable String rxswin) {
        return new CampaignCreated(
                UUID.randomUUID(), Instant.now(), campaign, "brake 2.4.1", "rita", 2, "ROLLBACK", rxswin);
    }

    public static CampaignApproved campaignApproved(UUID campaign) {
        return new CampaignApproved(UUID.randomUUID(), Instant.now(), campaign, "aaron", "four eyes");
    }

    public static StageStarted stageStarted(UUID campaign) {
        return new StageStarted(UUID.randomUUID(), Instant.now(), campaign, 1, 10, HealthCriteria.DEFAULT);
    }

    public static UpdateAssigned updateAssigned(String vin, UUID campaign, UUID assignment, EcuTarget target) {
        return updateAssigned(vin, campaign, assignment, target, null);
    }

    public static UpdateAssigned updateAssigned(
            String vin, UUID campaign, UUID assignment, EcuTarget target, @Nullable String rxswin) {
        return new UpdateAssigned(
                UUID.randomUUID(),
                Instant.now(),
                vin,
                assignment,
                campaign,
                1,
                List.of(target),
                new InstallConditions(true, 40, true, Instant.now().plusSeconds(86_400)),
                "ID.4",
                rxswin);
    }

    public static DirectorMetadataIssued directorMetadata(String vin, UUID campaign, UUID assignment) {
        return new DirectorMetadataIssued(
                UUID.randomUUID(), Instant.now(), vin, assignment, campaign, Map.of("targets.json", "{}"));
    }

    public static ManifestReported manifest(String vin) {
        return new ManifestReported(UUID.randomUUID(), Instant.now(), vin, "{\"signed\":{},\"signatures\":[]}");
    }

    /** What campaign-service publishes once it verified a manifest showing the brake ECU on {@code target}. */
    public static ManifestVerified manifestVerified(String vin, EcuTarget target) {
        Instant now = Instant.now();
        return new ManifestVerified(
                UUID.randomUUID(),
                now,
                vin,
                UUID.randomUUID(),
                now,
                List.of(new VerifiedEcu(
                        target.ecuSerial(),
                        target.hardwareId(),
                        true,
                        target.targetPath(),
                        target.length(),
                        target.hashes(),
                        target.releaseCounter(),
                        target.imageName(),
                        target.version(),
                        List.of(),
                        now)),
                null,
                null);
    }

    public static UpdateProgress progress(String vin, UUID assignment, InstallPhase phase) {
        return new UpdateProgress(UUID.randomUUID(), Instant.now(), vin, assignment, "ECU-BRAKE-0001", phase, null);
    }

    public static HealthBeacon health(String vin, UUID assignment) {
        return new HealthBeacon(
                UUID.randomUUID(),
                Instant.now(),
                vin,
                assignment,
                "ECU-BRAKE-0001",
                "brake-ctrl-v2",
                true,
                true,
                0,
                Instant.now());
    }

    public static StageVerdict verdict(UUID campaign) {
        return new StageVerdict(
                UUID.randomUUID(),
                Instant.now(),
                campaign,
                1,
                "hw:brake-ctrl-v2",
                VerdictOutcome.PASS,
                10,
                0,
                0.2,
                0.3,
                "wilson");
    }

    public static RollbackDecided rollbackDecided(UUID campaign) {
        return new RollbackDecided(UUID.randomUUID(), Instant.now(), campaign, 1, "ROLLBACK_COHORT", null, 0, "drill");
    }

    /**
     * Sends an event as it reaches Kafka: a vehicle's through the gateway, which stamps the platform event id on it
     * ({@link VehicleEventIds}), any other as its producer sends it.
     */
    public static void send(OtaEvent event) {
        if (VehicleEventIds.fromVehicles(event.topic())) {
            KafkaTestClient.send(event.topic(), event.key(), wire(event));
        } else {
            KafkaTestClient.send(event);
        }
    }

    /** The bytes of the event as they reach Kafka (and the log). */
    public static byte[] wire(OtaEvent event) {
        byte[] encoded = EventCodec.encode(event);
        return VehicleEventIds.fromVehicles(event.topic())
                ? VehicleEventIds.stamp(encoded, event.key()).payload()
                : encoded;
    }

    /** The id under which the event is logged: for a vehicle's event, the one the gateway derived. */
    public static UUID loggedId(OtaEvent event) {
        return VehicleEventIds.fromVehicles(event.topic())
                ? VehicleEventIds.derive(event.key(), event.eventId())
                : event.eventId();
    }

    /** One event for each topic a peer service produces (the ninth, checkpoints, is the log's own). */
    public static List<OtaEvent> onePerProducingTopic(String vin) {
        UUID campaign = UUID.randomUUID();
        UUID assignment = UUID.randomUUID();
        return List.of(
                imageSigned("2.4." + Math.abs(vin.hashCode() % 1000)),
                campaignCreated(campaign),
                updateAssigned(vin, campaign, assignment, brake("2.4.1", "cd")),
                directorMetadata(vin, campaign, assignment),
                manifest(vin),
                manifestVerified(vin, brake("2.4.0", "ab")),
                health(vin, assignment),
                verdict(campaign),
                rollbackDecided(campaign));
    }
}

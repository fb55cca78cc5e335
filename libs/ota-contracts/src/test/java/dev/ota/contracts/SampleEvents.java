package dev.ota.contracts;

import dev.ota.contracts.events.ApplicationCheck;
import dev.ota.contracts.events.ApplicationStatus;
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
import dev.ota.contracts.events.ConsentDecision;
import dev.ota.contracts.events.DeadLettersReplayed;
import dev.ota.contracts.events.DirectorMetadataAnswered;
import dev.ota.contracts.events.DirectorMetadataIssued;
import dev.ota.contracts.events.DirectorMetadataRequested;
import dev.ota.contracts.events.EcuKeysRegistered;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.HealthBeacon;
import dev.ota.contracts.events.HealthCriteria;
import dev.ota.contracts.events.ImageRevoked;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.InstallPhase;
import dev.ota.contracts.events.ManifestRefused;
import dev.ota.contracts.events.ManifestReported;
import dev.ota.contracts.events.ManifestVerified;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.events.RequiredApplication;
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
import dev.ota.contracts.events.VerdictOutcome;
import dev.ota.contracts.events.VerifiedEcu;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One fully populated sample of every event type, with fixed values so the encoding is stable. */
final class SampleEvents {

    static final Instant AT = Instant.parse("2026-11-26T10:15:30Z");
    static final UUID CAMPAIGN = UUID.fromString("7d1f4a52-0c34-4bd0-9a35-2e0f4c8a1b10");
    static final UUID ASSIGNMENT = UUID.fromString("0b6c2c57-6a1e-4d4a-8d2a-5b0f0e1d2c3b");
    static final String VIN = "WVWZZZ1JZXW000001";
    static final EcuTarget TARGET = new EcuTarget(
            "ECU-BRAKE-0001",
            "brake-ctrl-v2",
            "brake-ctrl",
            "2.4.1",
            "brake-ctrl/2.4.1/brake.bin",
            42,
            1_048_576,
            Map.of("sha256", "ab".repeat(32), "sha512", "cd".repeat(64)));

    private SampleEvents() {}

    static UUID id(int n) {
        return UUID.fromString("00000000-0000-4000-8000-%012d".formatted(n));
    }

    static List<OtaEvent> all() {
        return List.of(
                new ImageSigned(
                        id(1),
                        AT,
                        "brake-ctrl",
                        "2.4.1",
                        List.of("brake-ctrl-v2"),
                        42,
                        1_048_576,
                        TARGET.hashes(),
                        TARGET.targetPath(),
                        "ci",
                        Map.of("supplier", "acme")),
                new ImageRevoked(id(2), AT, "brake-ctrl", "2.4.0", "brake-ctrl/2.4.0/brake.bin", "CVE", "alice"),
                new CampaignCreated(id(3), AT, CAMPAIGN, "brake 2.4.1", "rita", 4, "ROLLBACK_COHORT", "R156-BRK-0042"),
                new CampaignApproved(id(4), AT, CAMPAIGN, "aaron", "looks good"),
                new StageStarted(
                        id(5),
                        AT,
                        CAMPAIGN,
                        1,
                        40,
                        new HealthCriteria(
                                0.05,
                                20,
                                0.95,
                                Duration.ofMinutes(30),
                                0,
                                List.of(new RequiredApplication("brake-ctrl-v2", "brake-assist")))),
                new StageCompleted(id(6), AT, CAMPAIGN, 1, "PASS"),
                new CampaignPaused(id(7), AT, CAMPAIGN, 1, "rollback-service", "FAIL verdict"),
                new CampaignResumed(id(8), AT, CAMPAIGN, 1, "olga", "fixed"),
                new CampaignAborted(id(9), AT, CAMPAIGN, "olga", "withdrawn"),
                new CampaignCompleted(id(10), AT, CAMPAIGN, 4),
                new UpdateAssigned(
                        id(11),
                        AT,
                        VIN,
                        ASSIGNMENT,
                        CAMPAIGN,
                        1,
                        List.of(TARGET),
                        new InstallConditions(true, 40, true, AT.plusSeconds(86_400)),
                        "ID.4",
                        "R156-BRK-0042"),
                new RollbackAssigned(id(12), AT, VIN, ASSIGNMENT, CAMPAIGN, List.of(TARGET), "boot failures"),
                new AssignmentCancelled(id(13), AT, VIN, ASSIGNMENT, CAMPAIGN, "campaign aborted"),
                new DirectorMetadataIssued(
                        id(14), AT, VIN, ASSIGNMENT, CAMPAIGN, Map.of("targets.json", "{\"signed\":{}}")),
                new AssignmentRefused(
                        id(40),
                        AT,
                        VIN,
                        ASSIGNMENT,
                        CAMPAIGN,
                        id(11),
                        "ota.UpdateAssigned.v1",
                        "unsealed update assignment: no signer vouches for it"),
                new ManifestReported(id(15), AT, VIN, "{\"signed\":{},\"signatures\":[]}"),
                new EcuKeysRegistered(
                        id(60),
                        AT,
                        VIN,
                        List.of(new EcuKeysRegistered.RegisteredKey(
                                "ECU-BRAKE-0001", "brake-ctrl-v2", false, "ab".repeat(32), null)),
                        "factory-line"),
                new ManifestVerified(
                        id(61),
                        AT,
                        VIN,
                        id(15),
                        AT,
                        List.of(new VerifiedEcu(
                                "ECU-BRAKE-0001",
                                "brake-ctrl-v2",
                                false,
                                "brake/1.4.0/brake.bin",
                                1024,
                                Map.of("sha256", "cd".repeat(32)),
                                4,
                                "brake-ctrl",
                                "1.4.0",
                                List.of(),
                                AT)),
                        48.1,
                        11.5),
                new ManifestRefused(
                        id(62), AT, VIN, id(15), "NONCE_REPLAYED", "nonce of ECU ECU-BRAKE-0001 was used before"),
                new UpdateProgress(id(16), AT, VIN, ASSIGNMENT, "ECU-BRAKE-0001", InstallPhase.FAILED, "hash mismatch"),
                new ConsentAnswered(id(17), AT, VIN, ASSIGNMENT, ConsentDecision.ACCEPTED),
                new HealthBeacon(
                        id(18),
                        AT,
                        VIN,
                        ASSIGNMENT,
                        "ECU-BRAKE-0001",
                        "brake-ctrl-v2",
                        true,
                        true,
                        0,
                        AT,
                        List.of(
                                new ApplicationCheck("brake-assist", ApplicationStatus.UP, null),
                                new ApplicationCheck("hill-hold", ApplicationStatus.DEGRADED, "slope sensor slow"))),
                new StageVerdict(
                        id(19),
                        AT,
                        CAMPAIGN,
                        1,
                        "hw:brake-ctrl-v2",
                        VerdictOutcome.FAIL,
                        40,
                        8,
                        0.33,
                        0.05,
                        "wilson",
                        "brake-assist DOWN on 8 of 40 vehicles (hardware brake-ctrl-v2)"),
                new RollbackDecided(id(20), AT, CAMPAIGN, 1, "ROLLBACK_COHORT", "hw:brake-ctrl-v2", 8, "FAIL verdict"),
                new RollbackCompleted(id(21), AT, CAMPAIGN, 8, 8, 0),
                new CheckpointSigned(id(22), AT, "audit-main", 1024, "ef".repeat(32), "key1", "c2ln"),
                new CampaignSubmitted(id(23), AT, CAMPAIGN, "rita"),
                new CampaignRejected(id(24), AT, CAMPAIGN, "aaron", "stage 1 too large"),
                new CampaignScheduled(id(25), AT, CAMPAIGN, "olga", AT.plusSeconds(3_600)),
                new CampaignRolledBack(id(26), AT, CAMPAIGN, "rollback-service", "rollback completed: 8 vehicles"),
                new CompatibilityChecked(
                        id(27),
                        AT,
                        CAMPAIGN,
                        VIN,
                        1,
                        false,
                        "INCOMPATIBLE",
                        List.of("ECU ECU-BRAKE-0001 runs release 43, newer than 42 of brake-ctrl 2.4.1"),
                        AT.minusSeconds(600),
                        true),
                new CompatibilityRoundChecked(
                        id(28),
                        AT,
                        CAMPAIGN,
                        1,
                        3,
                        1,
                        1,
                        List.of(new CompatibilityRoundChecked.CompatibleVehicle(VIN, AT.minusSeconds(600), true))),
                new VehicleCertificateRevoked(
                        id(29), AT, VIN, List.of("1f3a9c2e77d04b11", "5e0b"), "vehicle stolen", "olga"),
                new VehicleCertificateIssued(
                        id(30), AT, VIN, "1f3a9c2e77d04b11", AT.plus(Duration.ofDays(365)), "vehicle-simulator"),
                new VehicleCertificateRequested(
                        id(31),
                        AT,
                        VIN,
                        "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n"),
                new VehicleCertificateInUse(id(32), AT, VIN, "2a7c"),
                new VehicleCertificateAnswered(
                        id(33),
                        AT,
                        VIN,
                        id(31),
                        "2a7c",
                        "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n",
                        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                        null,
                        null),
                new DirectorMetadataRequested(id(41), AT, VIN, 3),
                new DirectorMetadataAnswered(
                        id(42),
                        AT,
                        VIN,
                        id(41),
                        4,
                        ASSIGNMENT,
                        CAMPAIGN,
                        new InstallConditions(true, 40, true, AT.plusSeconds(86_400)),
                        Map.of("4.targets.json", "{\"signed\":{}}")),
                new DeadLettersReplayed(
                        id(43),
                        AT,
                        "campaign-service",
                        Topics.CAMPAIGN_EVENTS,
                        "ota.vehicle.reports.dlq",
                        "admin",
                        List.of(
                                new DeadLettersReplayed.Record(
                                        "0:17", "2:1042", id(22), "ota.ManifestReported.v1", "APPLIED", null),
                                new DeadLettersReplayed.Record(
                                        "0:18",
                                        "2:1043",
                                        id(23),
                                        "ota.ManifestReported.v1",
                                        "DEAD_LETTERED",
                                        "manifest refused: UNKNOWN_VEHICLE"))),
                new VehicleMessageRefused(
                        id(44),
                        AT,
                        VIN,
                        "ota/v1/" + VIN + "/status",
                        "OVERSIZED",
                        "payload of 70000 bytes exceeds the limit of 65536",
                        70_000,
                        "ef".repeat(32),
                        3));
    }
}

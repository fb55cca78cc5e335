package dev.ota.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.AssignmentSeals;
import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.AssignmentRefused;
import dev.ota.contracts.events.AssignmentSeal;
import dev.ota.contracts.events.DirectorMetadataIssued;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.InstallGeofence;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.TestAssignmentSeals;
import dev.ota.uptane.client.Ecu;
import dev.ota.uptane.client.Limits;
import dev.ota.uptane.client.MetadataFetcher;
import dev.ota.uptane.client.RepositoryClient;
import dev.ota.uptane.client.TrustedRepository;
import dev.ota.uptane.client.UptaneVerifier;
import dev.ota.uptane.crypto.Hashing;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DirectorIntegrationTests extends SigningServiceIntegrationTest {

    /** The vehicle's view of the director: trusting the issued root, fetching only the issued documents. */
    private static RepositoryClient directorClient(DirectorMetadataIssued issued) {
        return new RepositoryClient(
                new TrustedRepository(
                        "director", issued.metadata().get("1.root.json").getBytes(), Clock.systemUTC()),
                MetadataFetcher.of(issued.metadata()),
                Limits.DEFAULT);
    }

    private static UpdateAssigned assignment(String vin, EcuTarget target) {
        return assignment(vin, target, InstallConditions.NONE);
    }

    private static UpdateAssigned assignment(String vin, EcuTarget target, InstallConditions conditions) {
        return TestAssignmentSeals.seal(unsealed(vin, target, conditions));
    }

    private static UpdateAssigned unsealed(String vin, EcuTarget target, InstallConditions conditions) {
        return new UpdateAssigned(
                UUID.randomUUID(),
                Instant.now(),
                vin,
                UUID.randomUUID(),
                UUID.randomUUID(),
                1,
                List.of(target),
                conditions,
                null,
                null);
    }

    @Test
    void anAssignmentInKafkaYieldsDirectorMetadataThatPassesUptaneFullVerificationWithItsInstallConditionsSigned()
            throws Exception {
        String vin = "WVW" + UUID.randomUUID().toString().substring(0, 14).toUpperCase();
        EcuTarget target = releasedImage("ECM-" + vin, "ecm image for " + vin);
        // every field the vehicle enforces: parked, battery, consent with the campaign's timeout, the geofence, and
        // the bundle's install order (here of its one ECU)
        var geofence = new InstallGeofence(
                List.of(new InstallGeofence.Area(
                        "depot",
                        List.of(
                                new InstallGeofence.Position(48.0, 11.0),
                                new InstallGeofence.Position(48.0, 12.5),
                                new InstallGeofence.Position(49.25, 12.0)))),
                List.of());
        var conditions = new InstallConditions(
                true,
                35,
                true,
                Instant.parse("2026-12-24T18:00:00Z"),
                Duration.ofMinutes(15),
                geofence,
                List.of(target.ecuSerial()));
        var assigned = assignment(vin, target, conditions);

        KafkaTestClient.send(assigned);

        var record = KafkaTestClient.await(Topics.DIRECTOR_METADATA, r -> vin.equals(r.key()), Duration.ofSeconds(30));
        var issued =
                KafkaTestClient.eventOf(record, DirectorMetadataIssued.class).orElseThrow();
        assertThat(issued.assignmentId()).isEqualTo(assigned.assignmentId());
        assertThat(issued.metadata())
                .containsKeys("1.root.json", "timestamp.json", "1.snapshot.json", "1.targets.json");
        var director = directorClient(issued);
        var verified = UptaneVerifier.fullVerification(
                director, imageRepositoryClient(), List.of(new Ecu(target.ecuSerial(), "ecm-hw", 3)));
        assertThat(verified).containsOnlyKeys(target.ecuSerial());
        assertThat(verified.get(target.ecuSerial()).signedByRole()).isEqualTo("release");
        Object signed =
                verified.get(target.ecuSerial()).directorTarget().custom().get(InstallConditions.METADATA_KEY);
        assertThat(signed)
                .as("install conditions in the verified director target")
                .isInstanceOf(Map.class);
        assertThat(InstallConditions.fromMetadata((Map<?, ?>) signed)).isEqualTo(conditions);
    }

    @Test
    void aSecondAssignmentBumpsTheVehiclesMetadataVersion() throws Exception {
        String vin = "WVW" + UUID.randomUUID().toString().substring(0, 14).toUpperCase();
        EcuTarget target = releasedImage("ECM-" + vin, "ecm v2 for " + vin);
        KafkaTestClient.send(assignment(vin, target));
        KafkaTestClient.await(Topics.DIRECTOR_METADATA, r -> vin.equals(r.key()), Duration.ofSeconds(30));

        KafkaTestClient.send(assignment(vin, target));

        var records =
                KafkaTestClient.awaitAll(Topics.DIRECTOR_METADATA, r -> vin.equals(r.key()), 2, Duration.ofSeconds(30));
        var second = KafkaTestClient.eventOf(records.get(1), DirectorMetadataIssued.class)
                .orElseThrow();
        assertThat(second.metadata()).containsKeys("2.targets.json", "2.snapshot.json");
    }

    @Test
    void aRollbackIsTheOldImageReReleasedUnderAHigherCounterAndPassesFullVerification() throws Exception {
        String vin = "WVW" + UUID.randomUUID().toString().substring(0, 14).toUpperCase();
        String name = "rb-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] good = "last known good".getBytes();
        byte[] faulty = "the faulty one".getBytes();
        assertThat(upload(name, "1.0.0", good, "hardwareId=ecm-hw&releaseCounter=2")
                        .statusCode())
                .isEqualTo(201);
        assertThat(coSign(name, "1.0.0", offlineKey("release-engineer")).statusCode())
                .isEqualTo(200);
        assertThat(upload(name, "1.1.0", faulty, "hardwareId=ecm-hw&releaseCounter=3")
                        .statusCode())
                .isEqualTo(201);
        assertThat(coSign(name, "1.1.0", offlineKey("release-engineer")).statusCode())
                .isEqualTo(200);

        var reRelease = send(
                "POST",
                "/api/images/" + name + "/1.0.0/re-release",
                dev.ota.testsupport.TestTokens.authorization("rita", "RELEASE_ENGINEER"),
                "{}");
        assertThat(reRelease.statusCode()).as(reRelease.body()).isEqualTo(201);
        assertThat(json(reRelease.body()))
                .containsEntry("version", "1.0.0-rerelease.4")
                .containsEntry("releaseCounter", 4L)
                .containsEntry("sha256", Hashing.sha256Hex(good))
                .containsEntry("status", "SIGNED");
        assertThat(coSign(name, "1.0.0-rerelease.4", offlineKey("release-engineer"))
                        .statusCode())
                .isEqualTo(200);
        var target = new EcuTarget(
                "ECM-" + vin,
                "ecm-hw",
                name,
                "1.0.0-rerelease.4",
                name + "/" + name + "-1.0.0-rerelease.4.bin",
                4,
                good.length,
                Map.of("sha256", Hashing.sha256Hex(good), "sha512", Hashing.sha512Hex(good)));

        KafkaTestClient.send(TestAssignmentSeals.seal(new dev.ota.contracts.events.RollbackAssigned(
                UUID.randomUUID(), Instant.now(), vin, UUID.randomUUID(), UUID.randomUUID(), List.of(target), "FAIL")));

        var record = KafkaTestClient.await(Topics.DIRECTOR_METADATA, r -> vin.equals(r.key()), Duration.ofSeconds(30));
        var issued =
                KafkaTestClient.eventOf(record, DirectorMetadataIssued.class).orElseThrow();
        var director = directorClient(issued);
        // The vehicle runs the faulty image (counter 3): the re-release under 4 passes its anti-rollback check.
        var verified = UptaneVerifier.fullVerification(
                director, imageRepositoryClient(), List.of(new Ecu(target.ecuSerial(), "ecm-hw", 3)));
        assertThat(verified.get(target.ecuSerial()).directorTarget().hashes())
                .containsEntry("sha256", Hashing.sha256Hex(good));
        assertThat(verified.get(target.ecuSerial()).directorTarget().releaseCounter())
                .hasValue(4);
    }

    @Test
    void anAssignmentOfAnImageThatWasNeverReleasedIsDeadLettered() throws Exception {
        String vin = "WVW" + UUID.randomUUID().toString().substring(0, 14).toUpperCase();
        String name = "unreleased-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] bytes = "not co-signed".getBytes();
        assertThat(upload(name, "1.0.0", bytes, "hardwareId=ecm-hw&releaseCounter=1")
                        .statusCode())
                .isEqualTo(201);
        var target = new EcuTarget(
                "ECM-1",
                "ecm-hw",
                name,
                "1.0.0",
                name + "/" + name + "-1.0.0.bin",
                1,
                bytes.length,
                Map.of("sha256", Hashing.sha256Hex(bytes)));

        KafkaTestClient.send(assignment(vin, target));

        var dead = KafkaTestClient.await(
                Topics.deadLetter(Topics.VEHICLE_ASSIGNMENTS), r -> vin.equals(r.key()), Duration.ofSeconds(30));
        assertThat(KafkaTestClient.header(dead, Headers.DEAD_LETTER_REASON))
                .hasValueSatisfying(reason -> assertThat(reason).contains("not RELEASED"));
    }

    @Test
    void aForgedAssignmentWrittenStraightToKafkaIsRefusedDeadLetteredAndAuditedAndNothingIsSigned() throws Exception {
        String vin = "FRG" + UUID.randomUUID().toString().substring(0, 14).toUpperCase();
        EcuTarget target = releasedImage("ECM-" + vin, "ecm image for " + vin);
        UpdateAssigned honest = assignment(vin, target);
        KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();

        // no seal at all
        UpdateAssigned unsealed = unsealed(vin, target, InstallConditions.NONE);
        // sealed, then pointed at another vehicle
        UpdateAssigned redirected = new UpdateAssigned(
                        UUID.randomUUID(),
                        honest.occurredAt(),
                        vin,
                        honest.assignmentId(),
                        honest.campaignId(),
                        honest.stage(),
                        honest.targets(),
                        honest.conditions(),
                        null,
                        null)
                .sealed(honest.seal());
        // sealed under campaign-service's name with a key the director does not know
        UpdateAssigned strangerSealed = unsealed(vin, target, InstallConditions.NONE);
        strangerSealed = strangerSealed.sealed(
                AssignmentSeals.seal(strangerSealed, TestAssignmentSeals.UPDATE_SIGNER, stranger.getPrivate()));
        // an update sealed by the rollback signer, which may only seal rollbacks
        UpdateAssigned wrongRole = unsealed(vin, target, InstallConditions.NONE);
        wrongRole =
                wrongRole.sealed(new AssignmentSeal(TestAssignmentSeals.ROLLBACK_SIGNER, honestSignatureOf(wrongRole)));

        for (UpdateAssigned forged : List.of(unsealed, redirected, strangerSealed, wrongRole)) {
            KafkaTestClient.send(forged);
        }

        var dead = KafkaTestClient.awaitAll(
                Topics.deadLetter(Topics.VEHICLE_ASSIGNMENTS), r -> vin.equals(r.key()), 4, Duration.ofSeconds(30));
        assertThat(dead)
                .extracting(r ->
                        KafkaTestClient.header(r, Headers.DEAD_LETTER_REASON).orElse(""))
                .anySatisfy(reason -> assertThat(reason).contains("unsealed update assignment"))
                .anySatisfy(reason -> assertThat(reason).contains("does not match its content"))
                .anySatisfy(reason -> assertThat(reason).contains("which may not seal updates"));
        var refused = KafkaTestClient.awaitAll(
                Topics.DIRECTOR_METADATA,
                r -> vin.equals(r.key())
                        && KafkaTestClient.eventOf(r, AssignmentRefused.class).isPresent(),
                4,
                Duration.ofSeconds(30));
        assertThat(refused)
                .extracting(r -> KafkaTestClient.eventOf(r, AssignmentRefused.class)
                        .orElseThrow()
                        .sourceEventId())
                .containsExactlyInAnyOrder(
                        unsealed.eventId(), redirected.eventId(), strangerSealed.eventId(), wrongRole.eventId());
        assertThat(KafkaTestClient.readAll(Topics.DIRECTOR_METADATA).stream()
                        .filter(r -> vin.equals(r.key()))
                        .filter(r -> KafkaTestClient.eventOf(r, DirectorMetadataIssued.class)
                                .isPresent()))
                .as("no director metadata for any forged assignment")
                .isEmpty();

        // the honest assignment for the same vehicle is still signed
        KafkaTestClient.send(honest);
        var issued = KafkaTestClient.eventOf(
                        KafkaTestClient.await(
                                Topics.DIRECTOR_METADATA,
                                r -> vin.equals(r.key())
                                        && KafkaTestClient.eventOf(r, DirectorMetadataIssued.class)
                                                .isPresent(),
                                Duration.ofSeconds(30)),
                        DirectorMetadataIssued.class)
                .orElseThrow();
        assertThat(issued.assignmentId()).isEqualTo(honest.assignmentId());
    }

    /** A signature that would hold for the update signer, to be presented under the rollback signer's name. */
    private static String honestSignatureOf(UpdateAssigned assignment) {
        return TestAssignmentSeals.seal(assignment).seal().signature();
    }
}

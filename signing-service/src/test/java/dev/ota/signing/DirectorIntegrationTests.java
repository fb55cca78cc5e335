package dev.ota.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.Headers;
import dev.ota.contracts.Topics;
import dev.ota.contracts.events.DirectorMetadataIssued;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.uptane.client.Ecu;
import dev.ota.uptane.client.Limits;
import dev.ota.uptane.client.MetadataFetcher;
import dev.ota.uptane.client.RepositoryClient;
import dev.ota.uptane.client.TrustedRepository;
import dev.ota.uptane.client.UptaneVerifier;
import dev.ota.uptane.crypto.Hashing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DirectorIntegrationTests extends SigningServiceIntegrationTest {

    private EcuTarget releasedImage(String serial, String content) throws Exception {
        String name = "ecm-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] bytes = content.getBytes();
        assertThat(upload(name, "3.1.0", bytes, "hardwareId=ecm-hw&releaseCounter=4")
                        .statusCode())
                .isEqualTo(201);
        assertThat(coSign(name, "3.1.0", offlineKey("release-engineer")).statusCode())
                .isEqualTo(200);
        return new EcuTarget(
                serial,
                "ecm-hw",
                name,
                "3.1.0",
                name + "/" + name + "-3.1.0.bin",
                4,
                bytes.length,
                Map.of("sha256", Hashing.sha256Hex(bytes), "sha512", Hashing.sha512Hex(bytes)));
    }

    private static UpdateAssigned assignment(String vin, EcuTarget target) {
        return new UpdateAssigned(
                UUID.randomUUID(),
                Instant.now(),
                vin,
                UUID.randomUUID(),
                UUID.randomUUID(),
                1,
                List.of(target),
                InstallConditions.NONE,
                null);
    }

    @Test
    void anAssignmentInKafkaYieldsDirectorMetadataThatPassesUptaneFullVerification() throws Exception {
        String vin = "WVW" + UUID.randomUUID().toString().substring(0, 14).toUpperCase();
        EcuTarget target = releasedImage("ECM-" + vin, "ecm image for " + vin);
        var assigned = assignment(vin, target);

        KafkaTestClient.send(assigned);

        var record = KafkaTestClient.await(Topics.DIRECTOR_METADATA, r -> vin.equals(r.key()), Duration.ofSeconds(30));
        var issued =
                KafkaTestClient.eventOf(record, DirectorMetadataIssued.class).orElseThrow();
        assertThat(issued.assignmentId()).isEqualTo(assigned.assignmentId());
        assertThat(issued.metadata())
                .containsKeys("1.root.json", "timestamp.json", "1.snapshot.json", "1.targets.json");
        var director = new RepositoryClient(
                new TrustedRepository(
                        "director", issued.metadata().get("1.root.json").getBytes(), Clock.systemUTC()),
                MetadataFetcher.of(issued.metadata()),
                Limits.DEFAULT);
        var verified = UptaneVerifier.fullVerification(
                director, imageRepositoryClient(), List.of(new Ecu(target.ecuSerial(), "ecm-hw", 3)));
        assertThat(verified).containsOnlyKeys(target.ecuSerial());
        assertThat(verified.get(target.ecuSerial()).signedByRole()).isEqualTo("release");
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
    void aRollbackToTheOldImageReReleasedUnderANewCounterIsIssued() throws Exception {
        String vin = "WVW" + UUID.randomUUID().toString().substring(0, 14).toUpperCase();
        String name = "rb-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] old = "last known good".getBytes();
        assertThat(upload(name, "1.0.0-rr1", old, "hardwareId=ecm-hw&releaseCounter=9")
                        .statusCode())
                .isEqualTo(201);
        assertThat(coSign(name, "1.0.0-rr1", offlineKey("release-engineer")).statusCode())
                .isEqualTo(200);
        var target = new EcuTarget(
                "ECM-" + vin,
                "ecm-hw",
                name,
                "1.0.0-rr1",
                name + "/" + name + "-1.0.0-rr1.bin",
                9,
                old.length,
                Map.of("sha256", Hashing.sha256Hex(old), "sha512", Hashing.sha512Hex(old)));

        KafkaTestClient.send(new dev.ota.contracts.events.RollbackAssigned(
                UUID.randomUUID(),
                Instant.now(),
                vin,
                UUID.randomUUID(),
                UUID.randomUUID(),
                List.of(target),
                "FAIL verdict"));

        var record = KafkaTestClient.await(Topics.DIRECTOR_METADATA, r -> vin.equals(r.key()), Duration.ofSeconds(30));
        var issued =
                KafkaTestClient.eventOf(record, DirectorMetadataIssued.class).orElseThrow();
        assertThat(issued.metadata().get("1.targets.json")).contains("\"releaseCounter\":9", target.ecuSerial());
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
}

package dev.ota.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.Topics;
import dev.ota.contracts.events.DeltaOffered;
import dev.ota.contracts.events.DirectorMetadataIssued;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.InstalledImage;
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
import dev.ota.uptane.delta.DeltaInstall;
import dev.ota.uptane.delta.DeltaOffer;
import dev.ota.uptane.delta.DeltaPaths;
import dev.ota.uptane.metadata.TargetFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The director offers a delta only when it fits (docs/deltas.md): the assignment's sealed installed base is the base
 * of a delta the image repository lists to exactly the assigned release. Otherwise the vehicle's signed targets carry
 * the full image only.
 */
class DirectorDeltaOfferIntegrationTests extends SigningServiceIntegrationTest {

    private String name;
    private byte[] v1;
    private byte[] v2;
    private String v1Path;
    private String v2Path;

    @BeforeEach
    void twoReleasesWithADeltaBetweenThem() throws Exception {
        name = "ecm-" + UUID.randomUUID().toString().substring(0, 8);
        v1 = DeltaPublicationIntegrationTests.firmware(11);
        v2 = DeltaPublicationIntegrationTests.patched(v1);
        v1Path = DeltaPublicationIntegrationTests.release(this, name, "1.0.0", v1, 2);
        v2Path = DeltaPublicationIntegrationTests.release(this, name, "1.1.0", v2, 3);
        DeltaPublicationIntegrationTests.awaitDelta(this, v2Path, v1);
    }

    @Test
    void aVehicleOnTheBaseIsOfferedTheDeltaInItsSignedTargetsAndItTurnsTheBaseIntoTheRelease() throws Exception {
        String vin = vin();

        DirectorMetadataIssued issued = issue(vin, installedImage(v1Path, v1));

        String deltaPath = DeltaPaths.of(v2Path, Hashing.sha256Hex(v1));
        assertThat(issued.deltasOffered()).hasSize(1);
        DeltaOffered reported = issued.deltasOffered().getFirst();
        assertThat(reported.ecuSerial()).isEqualTo("ECM-" + vin);
        assertThat(reported.deltaPath()).isEqualTo(deltaPath);
        assertThat(reported.fullLength()).isEqualTo(v2.length);
        assertThat(reported.deltaLength()).as("a 2 KiB change").isLessThan(v2.length / 20);
        assertThat(issued.targets())
                .containsExactly(new DirectorMetadataIssued.AssignedImage("ECM-" + vin, v2Path, v2.length));

        DeltaOffer offer = DeltaOffer.forEcu(verifiedDirectorTarget(issued, vin), "ECM-" + vin)
                .orElseThrow();
        assertThat(offer.path()).isEqualTo(deltaPath);
        assertThat(offer.length()).isEqualTo(reported.deltaLength());
        assertThat(offer.base().hashes()).containsEntry("sha256", Hashing.sha256Hex(v1));
        RepositoryClient images = imageRepositoryClient();
        images.refresh();
        var delta = DeltaInstall.findOffered(images, offer).orElseThrow();
        assertThat(delta.role())
                .as("the vehicle takes the delta from the deltas role")
                .isEqualTo("deltas");
        byte[] served = http.send(
                        HttpRequest.newBuilder(
                                        uri("/repo/image/targets/" + images.downloadPath(deltaPath, delta.file())))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                .body();
        var slot = new ByteArrayOutputStream();
        DeltaInstall.applyVerified(
                delta.file(),
                v2Path,
                images.findTarget(v2Path).orElseThrow().file(),
                v1,
                new ByteArrayInputStream(served),
                slot);
        assertThat(slot.toByteArray()).isEqualTo(v2);
    }

    @Test
    void aVehicleOnAnotherVersionGetsTheFullImageOnly() throws Exception {
        String vin = vin();
        byte[] other = DeltaPublicationIntegrationTests.firmware(12);

        DirectorMetadataIssued issued = issue(vin, installedImage(name + "/" + name + "-0.9.0.bin", other));

        assertThat(issued.deltasOffered()).isEmpty();
        assertThat(verifiedDirectorTarget(issued, vin).custom()).doesNotContainKey(DeltaOffer.CUSTOM_KEY);
    }

    @Test
    void aBaseWithTheRightSha256ButAnotherLengthOrSha512GetsTheFullImageOnly() throws Exception {
        InstalledImage base = installedImage(v1Path, v1);
        var longer = new InstalledImage(base.targetPath(), base.length() + 1, base.hashes());
        var otherSha512 = new InstalledImage(
                base.targetPath(),
                base.length(),
                Map.of("sha256", Hashing.sha256Hex(v1), "sha512", Hashing.sha512Hex(v2)));

        assertThat(issue(vin(), longer).deltasOffered()).isEmpty();
        assertThat(issue(vin(), otherSha512).deltasOffered()).isEmpty();
    }

    @Test
    void aVehicleWhoseInstalledImageIsUnknownGetsTheFullImageOnly() throws Exception {
        String vin = vin();

        DirectorMetadataIssued issued = issue(vin, null);

        assertThat(issued.deltasOffered()).isEmpty();
        assertThat(issued.targets()).hasSize(1);
        assertThat(verifiedDirectorTarget(issued, vin).custom()).doesNotContainKey(DeltaOffer.CUSTOM_KEY);
    }

    private static String vin() {
        return "WVW" + UUID.randomUUID().toString().substring(0, 14).toUpperCase();
    }

    private static InstalledImage installedImage(String path, byte[] bytes) {
        return new InstalledImage(
                path, bytes.length, Map.of("sha256", Hashing.sha256Hex(bytes), "sha512", Hashing.sha512Hex(bytes)));
    }

    /** Assigns release 1.1.0 to the vehicle's ECU with this installed base and waits for the director's metadata. */
    private DirectorMetadataIssued issue(String vin, @Nullable InstalledImage installed) {
        var target = new EcuTarget(
                "ECM-" + vin,
                "ecm-hw",
                name,
                "1.1.0",
                v2Path,
                3,
                v2.length,
                Map.of("sha256", Hashing.sha256Hex(v2), "sha512", Hashing.sha512Hex(v2)),
                installed);
        var assigned = TestAssignmentSeals.seal(new UpdateAssigned(
                UUID.randomUUID(),
                Instant.now(),
                vin,
                UUID.randomUUID(),
                UUID.randomUUID(),
                1,
                List.of(target),
                InstallConditions.NONE,
                null,
                null));
        KafkaTestClient.send(assigned);
        var record = KafkaTestClient.await(Topics.DIRECTOR_METADATA, r -> vin.equals(r.key()), Duration.ofSeconds(30));
        return KafkaTestClient.eventOf(record, DirectorMetadataIssued.class).orElseThrow();
    }

    /** The ECU's director target after Uptane full verification, as the vehicle sees it. */
    private TargetFile verifiedDirectorTarget(DirectorMetadataIssued issued, String vin) throws Exception {
        var director = new RepositoryClient(
                new TrustedRepository(
                        "director", issued.metadata().get("1.root.json").getBytes(), Clock.systemUTC()),
                MetadataFetcher.of(issued.metadata()),
                Limits.DEFAULT);
        var verified = UptaneVerifier.fullVerification(
                director, imageRepositoryClient(), List.of(new Ecu("ECM-" + vin, "ecm-hw", 1)));
        return verified.get("ECM-" + vin).directorTarget();
    }
}

package dev.ota.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.InstalledImage;
import dev.ota.contracts.events.UpdateAssigned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A seal covers everything an assignment makes a vehicle install, and survives the trip over the wire. */
class AssignmentSealsTests {

    private static final KeyPair KEYS = generate();

    @Test
    void aSealVerifiesAfterTheAssignmentWasEncodedAndDecodedWhateverTheOrderOfItsHashes() {
        UpdateAssigned sealed = assignment(Map.of("sha512", "bb", "sha256", "aa"));
        sealed = sealed.sealed(AssignmentSeals.seal(sealed, "campaign", KEYS.getPrivate()));

        UpdateAssigned received =
                (UpdateAssigned) EventCodec.decode(EventCodec.encode(sealed)).orElseThrow();

        assertThat(AssignmentSeals.verifies(received, received.seal(), KEYS.getPublic()))
                .isTrue();
        Map<String, String> reordered = new LinkedHashMap<>();
        reordered.put("sha256", "aa");
        reordered.put("sha512", "bb");
        UpdateAssigned sameContent = assignment(reordered, sealed);
        assertThat(AssignmentSeals.verifies(sameContent, sealed.seal(), KEYS.getPublic()))
                .isTrue();
    }

    @Test
    void changingAnyTargetFieldOrTheVinBreaksTheSeal() {
        UpdateAssigned sealed = assignment(Map.of("sha256", "aa"));
        sealed = sealed.sealed(AssignmentSeals.seal(sealed, "campaign", KEYS.getPrivate()));
        UpdateAssigned otherHash = assignment(Map.of("sha256", "ab"), sealed);
        UpdateAssigned otherVin = new UpdateAssigned(
                sealed.eventId(),
                sealed.occurredAt(),
                "WVWZZZ1JZXW000099",
                sealed.assignmentId(),
                sealed.campaignId(),
                sealed.stage(),
                sealed.targets(),
                sealed.conditions(),
                sealed.vehicleModel(),
                sealed.rxswin());

        assertThat(AssignmentSeals.verifies(otherHash, sealed.seal(), KEYS.getPublic()))
                .isFalse();
        assertThat(AssignmentSeals.verifies(otherVin, sealed.seal(), KEYS.getPublic()))
                .isFalse();
        assertThat(AssignmentSeals.verifies(sealed, sealed.seal(), generate().getPublic()))
                .isFalse();
    }

    @Test
    void forgingOrDroppingTheInstalledBaseBreaksTheSeal() {
        UpdateAssigned unsealed = assignment(Map.of("sha256", "aa"));
        UpdateAssigned withBase =
                withInstalled(unsealed, new InstalledImage("ecm/ecm-1.0.bin", 10, Map.of("sha256", "cc")));
        UpdateAssigned sealed = withBase.sealed(AssignmentSeals.seal(withBase, "campaign", KEYS.getPrivate()));
        UpdateAssigned received =
                (UpdateAssigned) EventCodec.decode(EventCodec.encode(sealed)).orElseThrow();

        assertThat(received.targets().getFirst().installed())
                .isEqualTo(withBase.targets().getFirst().installed());
        assertThat(AssignmentSeals.verifies(received, sealed.seal(), KEYS.getPublic()))
                .isTrue();
        UpdateAssigned otherBase =
                withInstalled(unsealed, new InstalledImage("ecm/ecm-1.0.bin", 10, Map.of("sha256", "cd")));
        assertThat(AssignmentSeals.verifies(otherBase, sealed.seal(), KEYS.getPublic()))
                .isFalse();
        assertThat(AssignmentSeals.verifies(unsealed, sealed.seal(), KEYS.getPublic()))
                .isFalse();
    }

    private static UpdateAssigned withInstalled(UpdateAssigned a, InstalledImage installed) {
        EcuTarget t = a.targets().getFirst();
        var target = new EcuTarget(
                t.ecuSerial(),
                t.hardwareId(),
                t.imageName(),
                t.version(),
                t.targetPath(),
                t.releaseCounter(),
                t.length(),
                t.hashes(),
                installed);
        return new UpdateAssigned(
                a.eventId(),
                a.occurredAt(),
                a.vin(),
                a.assignmentId(),
                a.campaignId(),
                a.stage(),
                List.of(target),
                a.conditions(),
                a.vehicleModel(),
                a.rxswin());
    }

    @Test
    void keyFilesRoundTripInTheFormatOpensslWrites(@TempDir Path directory) throws Exception {
        Path privateKey = directory.resolve("campaign.key");
        Path publicKey = directory.resolve("campaign.pub");
        AssignmentKeyFiles.generate(privateKey, publicKey);

        assertThat(Files.readString(privateKey)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(privateKey))
                .extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        UpdateAssigned assignment = assignment(Map.of("sha256", "aa"));
        var seal = AssignmentSeals.seal(assignment, "campaign", AssignmentKeyFiles.readPrivate(privateKey));
        assertThat(AssignmentSeals.verifies(assignment, seal, AssignmentKeyFiles.readPublic(publicKey)))
                .isTrue();
    }

    private static UpdateAssigned assignment(Map<String, String> hashes) {
        return new UpdateAssigned(
                UUID.randomUUID(),
                Instant.parse("2026-12-06T12:00:00Z"),
                "WVWZZZ1JZXW000042",
                UUID.randomUUID(),
                UUID.randomUUID(),
                1,
                List.of(new EcuTarget("ECU-1", "hw-1", "img", "1.0.0", "img/img-1.0.0.bin", 2, 1024, hashes)),
                InstallConditions.NONE,
                null,
                null);
    }

    /** Another assignment with the same ids as {@code like} but these hashes. */
    private static UpdateAssigned assignment(Map<String, String> hashes, UpdateAssigned like) {
        return new UpdateAssigned(
                like.eventId(),
                like.occurredAt(),
                like.vin(),
                like.assignmentId(),
                like.campaignId(),
                like.stage(),
                List.of(new EcuTarget("ECU-1", "hw-1", "img", "1.0.0", "img/img-1.0.0.bin", 2, 1024, hashes)),
                like.conditions(),
                like.vehicleModel(),
                like.rxswin());
    }

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

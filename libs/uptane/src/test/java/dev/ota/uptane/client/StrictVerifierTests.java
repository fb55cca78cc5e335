package dev.ota.uptane.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.metadata.MetaFile;
import dev.ota.uptane.metadata.Snapshot;
import dev.ota.uptane.metadata.TargetFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The strict rules of the verifier, one test each: every test fails when its rule is taken out (each was tried).
 * Refusals carry the attack they stop.
 */
class StrictVerifierTests {

    private static final String IMAGE = "engine/ecm-2.0.bin";
    private static final Ecu ECM = new Ecu("ECM-001", "ecm-hw", 1);

    private final TestRepository images = new TestRepository();
    private final TestRepository director = new TestRepository();

    @BeforeEach
    void release() {
        images.publishRoot();
        images.targets.put(IMAGE, TestRepository.image("ecm 2.0", "ecm-hw", 2));
        images.publish();
        director.publishRoot();
        director.targets.put(IMAGE, forEcu(images.targets.get(IMAGE), "ECM-001", 2));
        director.publish();
    }

    private static TargetFile forEcu(TargetFile image, String serial, long counter) {
        return TargetFile.forEcu(image.length(), image.hashes(), serial, "ecm-hw", counter);
    }

    private static TargetFile withHashes(TargetFile t, Map<String, String> hashes) {
        return new TargetFile(t.length(), hashes, t.custom());
    }

    private static TargetFile withoutReleaseCounter(TargetFile t) {
        var custom = new java.util.HashMap<>(t.custom());
        custom.remove(TargetFile.RELEASE_COUNTER);
        return new TargetFile(t.length(), t.hashes(), custom);
    }

    private void verifyOnPrimary() {
        UptaneVerifier.fullVerification(director.client(null), images.client(null), List.of(ECM));
    }

    @Test
    void primaryRefusesDirectorTargetsForAnEcuTheVehicleDoesNotHave() {
        director.targets.put("engine/other.bin", forEcu(images.targets.get(IMAGE), "STRANGER-9", 2));
        director.publish();

        assertAttack(this::verifyOnPrimary, Attack.MIX_AND_MATCH, "STRANGER-9");
    }

    @Test
    void secondaryRefusesAnotherEcuListedTwiceThoughItIsNotItsOwn() {
        director.targets.put("a.bin", forEcu(images.targets.get(IMAGE), "TCU-001", 2));
        director.targets.put("b.bin", forEcu(images.targets.get(IMAGE), "TCU-001", 2));
        director.publish();

        assertAttack(
                () -> UptaneVerifier.fullVerificationOnSecondary(director.client(null), images.client(null), ECM),
                Attack.MIX_AND_MATCH,
                "TCU-001");
    }

    @Test
    void secondaryAcceptsImagesForTheOtherEcusOfItsVehicle() {
        director.targets.put("tcu/tcu-2.0.bin", forEcu(images.targets.get(IMAGE), "TCU-001", 2));
        director.publish();

        var mine = UptaneVerifier.fullVerificationOnSecondary(director.client(null), images.client(null), ECM);

        assertThat(mine).get().extracting(VerifiedImage::targetPath).isEqualTo(IMAGE);
    }

    @Test
    void refusesADirectorTargetWithoutReleaseCounter() {
        director.targets.put(IMAGE, withoutReleaseCounter(director.targets.get(IMAGE)));
        director.publish();

        assertAttack(this::verifyOnPrimary, Attack.ROLLBACK, "no release counter");
    }

    @Test
    void refusesAnImageRepositoryTargetWithoutReleaseCounter() {
        images.targets.put(IMAGE, withoutReleaseCounter(images.targets.get(IMAGE)));
        images.publish();

        assertAttack(this::verifyOnPrimary, Attack.ROLLBACK, "no release counter in the image repository");
    }

    @Test
    void refusesWhenTheSecondSharedHashDiffers() {
        TargetFile image = images.targets.get(IMAGE);
        director.targets.put(
                IMAGE,
                withHashes(
                        director.targets.get(IMAGE),
                        Map.of("sha256", image.hashes().get("sha256"), "sha512", "00".repeat(64))));
        director.publish();

        assertAttack(this::verifyOnPrimary, Attack.ARBITRARY_SOFTWARE, "sha512");
    }

    @Test
    void refusesWhenTheRepositoriesShareNoSupportedHashAlgorithm() {
        // The image repository vouches for sha512 and an algorithm this ECU cannot compute; the director for sha256
        // and the same unknown one. Only the unknown one is shared: nothing both signed can check the bytes.
        TargetFile image = images.targets.get(IMAGE);
        images.targets.put(
                IMAGE, withHashes(image, Map.of("sha512", image.hashes().get("sha512"), "blake3", "ab".repeat(32))));
        images.publish();
        director.targets.put(
                IMAGE,
                withHashes(
                        director.targets.get(IMAGE),
                        Map.of("sha256", image.hashes().get("sha256"), "blake3", "ab".repeat(32))));
        director.publish();

        assertAttack(this::verifyOnPrimary, Attack.ARBITRARY_SOFTWARE, "no supported hash algorithm");
    }

    @Test
    void refusesMetadataListedOnlyWithUnsupportedHashes() {
        byte[] snapshot = images.file("1.snapshot.json").getBytes(StandardCharsets.UTF_8);
        images.publishTimestamp(new MetaFile(1, (long) snapshot.length, Map.of("blake3", "ab".repeat(32))));

        assertAttack(() -> images.client(null).refresh(), Attack.MIX_AND_MATCH, "unsupported hash algorithms");
    }

    @Test
    void timestampKeyRotationDeletesTheTrustedTimestampAndSnapshot() {
        RepositoryClient client = fastForwarded();
        images.timestampKey = TestRepository.ed();
        recoverWithNewRootAndVersionOne();

        client.refresh();

        assertThat(client.trusted().snapshot().body().version()).isEqualTo(1);
        assertThat(client.trusted().timestamp().body().version()).isEqualTo(1);
    }

    @Test
    void snapshotKeyRotationDeletesTheTrustedTimestampAndSnapshot() {
        RepositoryClient client = fastForwarded();
        images.snapshotKey = TestRepository.ed();
        recoverWithNewRootAndVersionOne();

        client.refresh();

        assertThat(client.trusted().snapshot().body().version()).isEqualTo(1);
    }

    /** A client that trusted metadata whose versions an attacker with the online keys pushed up (TUF 5.3.11). */
    private RepositoryClient fastForwarded() {
        RepositoryClient client = images.client(null);
        images.timestampVersion = 1000;
        images.snapshotVersion = 1000;
        images.targetsVersion = 1000;
        images.publish();
        client.refresh();
        return client;
    }

    /** The repository rotates the online key in root v2 and starts its versions over. */
    private void recoverWithNewRootAndVersionOne() {
        images.publishRoot();
        images.timestampVersion = 0;
        images.snapshotVersion = 0;
        images.targetsVersion = 0;
        images.publish();
    }

    @Test
    void snapshotVersionNeverDecreasesEvenWithoutATrustedTimestamp() {
        TrustStore store = TrustStore.inMemory();
        images.publish();
        images.publish();
        var first = new RepositoryClient(
                new TrustedRepository("image", images.file("1.root.json").getBytes(), images.clock, store),
                MetadataFetcher.of(images.files),
                Limits.DEFAULT);
        first.refresh();
        store.delete("timestamp.json");
        // Snapshot version 1 again, listing the current targets: only the snapshot's own version gives it away.
        images.publishSnapshotAndTimestamp(
                new Snapshot(1, images.expires(), Map.of("targets.json", MetaFile.of(images.targetsVersion))),
                images.snapshotKey);
        var restarted = new RepositoryClient(
                new TrustedRepository("image", images.file("1.root.json").getBytes(), images.clock, store),
                MetadataFetcher.of(images.files),
                Limits.DEFAULT);

        assertAttack(restarted::refresh, Attack.ROLLBACK, "snapshot version 1 is older than trusted 3");
    }

    @Test
    void imageBytesAreCheckedWithEverySupportedHash() {
        byte[] bytes = "ecm 2.0".getBytes(StandardCharsets.UTF_8);
        var target = new TargetFile(
                bytes.length, Map.of("sha256", Hashing.sha256Hex(bytes), "sha512", "00".repeat(64)), Map.of());

        assertAttack(
                () -> TargetVerification.copyVerified(
                        new java.io.ByteArrayInputStream(bytes), target, java.io.OutputStream.nullOutputStream()),
                Attack.ARBITRARY_SOFTWARE,
                "sha512");
    }

    static void assertAttack(ThrowingCallable call, Attack attack, String detail) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        AttackDetectedException.class,
                        e -> assertThat(e.attack()).isEqualTo(attack))
                .hasMessageStartingWith(attack.name())
                .hasMessageContaining(detail);
    }
}

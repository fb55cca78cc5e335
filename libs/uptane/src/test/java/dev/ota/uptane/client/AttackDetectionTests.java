package dev.ota.uptane.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.metadata.MetaFile;
import dev.ota.uptane.metadata.SignedDocument;
import dev.ota.uptane.metadata.Snapshot;
import dev.ota.uptane.metadata.TargetFile;
import dev.ota.uptane.metadata.Targets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One test per attack of the Uptane threat model: each is stopped, and named. */
class AttackDetectionTests {

    private static final String IMAGE = "engine/ecm-2.0.bin";
    private static final Ecu ECM = new Ecu("ECM-001", "ecm-hw", 1);
    private static final Ecu TCU = new Ecu("TCU-001", "tcu-hw", 1);

    private final TestRepository images = new TestRepository();
    private final TestRepository director = new TestRepository();

    @BeforeEach
    void release() {
        images.publishRoot();
        images.targets.put(IMAGE, TestRepository.image("ecm 2.0", "ecm-hw", 2));
        images.targets.put("tcu/tcu-2.0.bin", TestRepository.image("tcu 2.0", "tcu-hw", 2));
        images.publish();
        director.publishRoot();
        director.targets.put(IMAGE, directorEntry(images.targets.get(IMAGE), ECM, 2));
        director.publish();
    }

    private static TargetFile directorEntry(TargetFile image, Ecu ecu, long counter) {
        return TargetFile.forEcu(image.length(), image.hashes(), ecu.serial(), ecu.hardwareId(), counter);
    }

    private Map<String, VerifiedImage> verify(RepositoryClient dir, RepositoryClient img, Ecu... ecus) {
        return UptaneVerifier.fullVerification(dir, img, List.of(ecus));
    }

    @Test
    void fullVerificationAcceptsAMatchingRelease() {
        var verified = verify(director.client(null), images.client(null), ECM, TCU);

        assertThat(verified).containsOnlyKeys("ECM-001");
        assertThat(verified.get("ECM-001").targetPath()).isEqualTo(IMAGE);
        assertThat(verified.get("ECM-001").signedByRole()).isEqualTo("targets");
    }

    @Test
    void rollbackOfMetadataIsStoppedAndNamed() {
        RepositoryClient client = images.client(null);
        client.refresh();
        String old = images.file("timestamp.json");
        images.publish();
        client.refresh();
        images.files.put("timestamp.json", old);

        assertAttack(client::refresh, Attack.ROLLBACK);
    }

    @Test
    void rollbackToAnImageWithALowerReleaseCounterIsStoppedAndNamed() {
        var installedNewer = new Ecu("ECM-001", "ecm-hw", 5);

        assertAttack(() -> verify(director.client(null), images.client(null), installedNewer), Attack.ROLLBACK);
    }

    @Test
    void freezeWithExpiredMetadataIsStoppedAndNamed() {
        RepositoryClient client = images.client(null);
        images.clock.advance(Duration.ofDays(2));

        assertAttack(client::refresh, Attack.FREEZE);
    }

    @Test
    void mixAndMatchOfTargetsAndSnapshotIsStoppedAndNamed() {
        String oldTargets = images.file("1.targets.json");
        images.publish();
        // the attacker serves the old targets under the new version's name
        images.files.put("2.targets.json", oldTargets);

        assertAttack(() -> images.client(null).refresh(), Attack.MIX_AND_MATCH);
    }

    @Test
    void mixAndMatchOfSnapshotAndTimestampIsStoppedAndNamed() {
        String oldSnapshot = images.file("1.snapshot.json");
        images.publish();
        images.files.put("2.snapshot.json", oldSnapshot);

        assertAttack(() -> images.client(null).refresh(), Attack.MIX_AND_MATCH);
    }

    @Test
    void arbitrarySoftwareSignedWithAnUntrustedKeyIsStoppedAndNamed() {
        images.targetsKey = TestRepository.ed();
        images.publish();

        assertAttack(() -> images.client(null).refresh(), Attack.ARBITRARY_SOFTWARE);
    }

    @Test
    void arbitrarySoftwareFromACompromisedDirectorAloneIsStoppedAndNamed() {
        byte[] evil = "evil".getBytes(StandardCharsets.UTF_8);
        director.targets.put(
                IMAGE,
                TargetFile.forEcu(evil.length, Map.of("sha256", Hashing.sha256Hex(evil)), "ECM-001", "ecm-hw", 2));
        director.publish();

        assertAttack(() -> verify(director.client(null), images.client(null), ECM), Attack.ARBITRARY_SOFTWARE);
    }

    @Test
    void arbitrarySoftwareForOtherHardwareIsStoppedAndNamed() {
        director.targets.clear();
        director.targets.put(
                "tcu/tcu-2.0.bin",
                directorEntry(images.targets.get("tcu/tcu-2.0.bin"), new Ecu("ECM-001", "tcu-hw", 1), 2));
        director.publish();

        assertAttack(() -> verify(director.client(null), images.client(null), ECM), Attack.ARBITRARY_SOFTWARE);
    }

    @Test
    void arbitrarySoftwareWithWrongImageBytesIsStoppedAndNamed() {
        TargetFile signed = images.targets.get(IMAGE);

        assertAttack(
                () -> TargetVerification.copyVerified(
                        new ByteArrayInputStream("ecm 2.X".getBytes()), signed, new ByteArrayOutputStream()),
                Attack.ARBITRARY_SOFTWARE);
    }

    @Test
    void endlessDataInAnImageIsStoppedAndNamed() {
        TargetFile signed = images.targets.get(IMAGE);
        var endless = new java.io.InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        };

        assertAttack(
                () -> TargetVerification.copyVerified(endless, signed, java.io.OutputStream.nullOutputStream()),
                Attack.ENDLESS_DATA);
    }

    @Test
    void endlessDataInMetadataIsStoppedAndNamed() {
        images.files.put("timestamp.json", " ".repeat(20 * 1024) + images.file("timestamp.json"));

        assertAttack(() -> images.client(null).refresh(), Attack.ENDLESS_DATA);
    }

    @Test
    void endlessRootRotationIsStoppedAndNamed() {
        for (int i = 0; i < 40; i++) {
            images.publishRoot();
        }

        assertAttack(() -> images.client(null).refresh(), Attack.ENDLESS_DATA);
    }

    @Test
    void partialBundleInstallationIsStoppedAndNamed() {
        director.targets.put("tcu/tcu-2.0.bin", directorEntry(images.targets.get("tcu/tcu-2.0.bin"), TCU, 2));
        director.publish();
        var verified = verify(director.client(null), images.client(null), ECM, TCU);

        assertAttack(() -> UptaneVerifier.requireCompleteBundle(verified, Set.of("ECM-001")), Attack.PARTIAL_BUNDLE);
        UptaneVerifier.requireCompleteBundle(verified, Set.of("ECM-001", "TCU-001"));
    }

    @Test
    void partialVerificationChecksTheDirectorTargetsAlone() {
        RepositoryClient secondary = director.client(null);
        byte[] first = director.file("1.targets.json").getBytes();
        director.publish();
        byte[] second = director.file("2.targets.json").getBytes();

        VerifiedImage image = UptaneVerifier.partialVerification(secondary, second, ECM);

        assertThat(image.targetPath()).isEqualTo(IMAGE);
        assertAttack(() -> UptaneVerifier.partialVerification(secondary, first, ECM), Attack.ROLLBACK);
        director.clock.advance(Duration.ofDays(2));
        assertAttack(() -> UptaneVerifier.partialVerification(secondary, second, ECM), Attack.FREEZE);
    }

    @Test
    void partialVerificationRefusesTargetsSignedByAnotherKey() {
        var forged =
                SignedDocument.sign(new Targets(9, director.expires(), director.targets, null), TestRepository.ed());

        assertAttack(
                () -> UptaneVerifier.partialVerification(director.client(null), forged.toBytes(), ECM),
                Attack.ARBITRARY_SOFTWARE);
    }

    @Test
    void snapshotThatDropsATargetsRoleIsARollback() {
        RepositoryClient client = images.client(null);
        client.refresh();
        images.snapshotVersion++;
        images.publishSnapshotAndTimestamp(
                new Snapshot(images.snapshotVersion, images.expires(), Map.of("other.json", MetaFile.of(1))),
                images.snapshotKey);

        assertAttack(client::refresh, Attack.ROLLBACK);
    }

    private static void assertAttack(ThrowingCallable call, Attack attack) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        AttackDetectedException.class,
                        e -> assertThat(e.attack()).isEqualTo(attack))
                .hasMessageStartingWith(attack.name());
    }
}

package dev.ota.uptane.client;

import static dev.ota.uptane.client.StrictVerifierTests.assertAttack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.metadata.SignedDocument;
import dev.ota.uptane.metadata.TargetFile;
import dev.ota.uptane.metadata.Targets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trusted metadata persisted in a directory (TUF 1.0 sections 5.3.8, 5.4.5, 5.5.7, 5.6.6) survives a restart, so the
 * rollback anchors do not fall back to the shipped root; a partial-verification Secondary keeps its own director root
 * and targets the same way.
 */
class PersistedTrustTests {

    private static final Ecu ECM = new Ecu("ECM-001", "ecm-hw", 1);

    @TempDir
    Path dir;

    private final TestRepository repo = new TestRepository();

    @BeforeEach
    void publish() {
        repo.publishRoot();
        repo.targets.put("engine/ecm-2.0.bin", directorEntry("ecm 2.0", 2));
        repo.publish();
    }

    private static TargetFile directorEntry(String content, long counter) {
        TargetFile image = TestRepository.image(content, "ecm-hw", counter);
        return TargetFile.forEcu(image.length(), image.hashes(), ECM.serial(), ECM.hardwareId(), counter);
    }

    private RepositoryClient clientOnDisk() {
        return new RepositoryClient(
                new TrustedRepository(
                        "director", repo.file("1.root.json").getBytes(), repo.clock, new DirectoryTrustStore(dir)),
                MetadataFetcher.of(repo.files),
                Limits.DEFAULT);
    }

    @Test
    void aReplayedTimestampIsStillRefusedAfterARestart() {
        String old = repo.file("timestamp.json");
        repo.publish();
        clientOnDisk().refresh();
        repo.files.put("timestamp.json", old);

        assertAttack(clientOnDisk()::refresh, Attack.ROLLBACK, "timestamp version 1 is older than trusted 2");
    }

    @Test
    void theNewestRootIsTrustedAfterARestartAndWrittenAtomically() throws Exception {
        repo.publishRoot();
        repo.publishRoot();
        clientOnDisk().refresh();

        assertThat(clientOnDisk().trusted().root().body().version()).isEqualTo(3);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("root.json", "timestamp.json", "snapshot.json", "targets.json");
        }
    }

    @Test
    void partialVerificationSecondaryRefusesOlderDirectorTargetsAfterARestart() {
        byte[] first = repo.file("1.targets.json").getBytes(StandardCharsets.UTF_8);
        repo.publish();
        byte[] second = repo.file("2.targets.json").getBytes(StandardCharsets.UTF_8);
        UptaneVerifier.partialVerification(clientOnDisk(), second, ECM);

        assertAttack(
                () -> UptaneVerifier.partialVerification(clientOnDisk(), first, ECM),
                Attack.ROLLBACK,
                "targets version 1 is older than the accepted 2");
    }

    @Test
    void partialVerificationSecondaryFollowsItsOwnDirectorRootToANewTargetsKey() {
        repo.targetsKey = TestRepository.ed();
        repo.publishRoot();
        repo.publish();
        byte[] targets = repo.file("2.targets.json").getBytes(StandardCharsets.UTF_8);

        VerifiedImage image = UptaneVerifier.partialVerification(clientOnDisk(), targets, ECM);

        assertThat(image.targetPath()).isEqualTo("engine/ecm-2.0.bin");
        assertThat(clientOnDisk().trusted().root().body().version()).isEqualTo(2);
    }

    @Test
    void partialVerificationSecondaryRefusesARootItsOwnRootDidNotSign() {
        // A compromised Primary hands over a director root and targets signed by keys of its own making.
        Signer evil = TestRepository.ed();
        repo.rootKeys = List.of(evil, TestRepository.ed(), TestRepository.ed());
        repo.targetsKey = evil;
        repo.publishRoot();
        var forged = SignedDocument.sign(new Targets(5, repo.expires(), Map.copyOf(repo.targets), null), evil);

        assertAttack(
                () -> UptaneVerifier.partialVerification(clientOnDisk(), forged.toBytes(), ECM),
                Attack.ARBITRARY_SOFTWARE,
                "old root's keys");
    }
}

package dev.ota.signing.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.SignatureVerifier;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.metadata.MetaFile;
import dev.ota.uptane.metadata.RoleKeys;
import dev.ota.uptane.metadata.SignedDocument;
import dev.ota.uptane.metadata.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PKCS#11 path for real: SoftHSM2 (Debian package {@code softhsm2}) through the JDK's SunPKCS11 provider. This
 * test FAILS, and does not skip, when SoftHSM2 is missing: CI must install it.
 */
class Pkcs11SoftHsmIntegrationTests {

    private static final String PIN = "1234";
    private static final List<String> LIBRARIES =
            List.of("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so");

    private static String library;
    private static long slot;

    @BeforeAll
    static void initialiseAToken() throws Exception {
        library = LIBRARIES.stream()
                .filter(l -> Files.exists(Path.of(l)))
                .findFirst()
                .orElse(null);
        if (library == null) {
            fail("SoftHSM2 is not installed (no libsofthsm2.so): install the Debian package 'softhsm2'"
                    + " (apt-get install -y softhsm2)");
        }
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null) {
            fail("SOFTHSM2_CONF is not set: run through Maven (the surefire configuration of signing-service sets it)");
        }
        Path confFile = Path.of(conf);
        Path tokens = Files.createDirectories(confFile.getParent().resolve("tokens"));
        Files.writeString(
                confFile, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        Process init;
        try {
            init = new ProcessBuilder(
                            "softhsm2-util",
                            "--init-token",
                            "--free",
                            "--label",
                            "ota-" + UUID.randomUUID().toString().substring(0, 8),
                            "--pin",
                            PIN,
                            "--so-pin",
                            "5678")
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new AssertionError("softhsm2-util not found: install the Debian package 'softhsm2'", e);
        }
        String output = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(init.waitFor()).as(output).isZero();
        var m = Pattern.compile("reassigned to slot (\\d+)").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        slot = Long.parseLong(m.group(1));
    }

    @Test
    void signsInsideTheTokenWithEcdsaP256AndTheKeyNeverLeavesIt() {
        var token = new Pkcs11Token(library, slot, 0, PIN);

        Signer signer = token.generate("image-timestamp");
        byte[] message = "{\"_type\":\"timestamp\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(signer.publicKey().scheme()).isEqualTo(Scheme.ECDSA_SHA2_NISTP256);
        assertThat(SignatureVerifier.verify(signer.publicKey(), message, signer.sign(message)))
                .isTrue();
        var reopened = new Pkcs11Token(library, slot, 0, PIN);
        assertThat(reopened.has("image-timestamp")).isTrue();
        assertThat(reopened.signer("image-timestamp").keyId()).isEqualTo(signer.keyId());
    }

    @Test
    void metadataSignedByTheHsmVerifiesAgainstItsTufKey() {
        var token = new Pkcs11Token(library, slot, 0, PIN);
        Signer signer = token.generate("snapshot-" + UUID.randomUUID());

        var doc = SignedDocument.sign(
                new Snapshot(1, Instant.now().plusSeconds(3600), Map.of("targets.json", MetaFile.of(1))), signer);
        var parsed = SignedDocument.parse(doc.toBytes(), Snapshot::fromJson);

        assertThat(parsed.meetsThreshold(
                        new RoleKeys(List.of(signer.keyId()), 1), Map.of(signer.keyId(), signer.publicKey())))
                .isTrue();
    }

    @Test
    void onlineKeysComeFromTheTokenWhenConfiguredAndFromFilesOtherwise(@org.junit.jupiter.api.io.TempDir Path dir) {
        var properties = new KeyProperties(
                dir,
                "pw",
                true,
                new KeyProperties.Pkcs11(
                        library, slot, 0, PIN, Map.of("director-targets", "dt-" + UUID.randomUUID()), true),
                List.of(),
                null);

        var keys = new OnlineKeys(properties);

        assertThat(keys.signer(OnlineRole.DIRECTOR_TARGETS).publicKey().scheme())
                .isEqualTo(Scheme.ECDSA_SHA2_NISTP256);
        assertThat(keys.signer(OnlineRole.CI).publicKey().scheme()).isEqualTo(Scheme.ED25519);
        assertThat(Files.exists(dir.resolve("director-targets.key"))).isFalse();
    }
}

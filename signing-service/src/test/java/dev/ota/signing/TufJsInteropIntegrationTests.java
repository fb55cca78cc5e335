package dev.ota.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.testsupport.TestTokens;
import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.Signers;
import dev.ota.uptane.delta.DeltaPaths;
import dev.ota.uptane.metadata.RoleKeys;
import dev.ota.uptane.metadata.RoleType;
import dev.ota.uptane.metadata.Root;
import dev.ota.uptane.metadata.SignedDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with an independent TUF implementation: tuf-js (npm, see src/test/interop/package.json) walks the
 * root chain, refreshes timestamp, snapshot, targets and the delegated release role, then downloads and verifies a
 * hash-prefixed target, against this service over loopback, before and after a root rotation.
 */
class TufJsInteropIntegrationTests extends SigningServiceIntegrationTest {

    static final Path INTEROP = Path.of("src/test/interop").toAbsolutePath();

    @BeforeAll
    static void installTufJs() throws Exception {
        if (Files.isDirectory(INTEROP.resolve("node_modules/tuf-js"))) {
            return;
        }
        var result = run(List.of("npm", "ci", "--no-audit", "--no-fund"), INTEROP, 300);
        assertThat(result.exit())
                .as("npm ci failed (node and npm are required):\n" + result.output())
                .isZero();
    }

    record Result(int exit, String output) {}

    static Result run(List<String> command, Path dir, int timeoutSeconds) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new AssertionError(
                    command.getFirst() + " is not installed: the interop test needs node 20+ and npm", e);
        }
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(timeoutSeconds, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private Map<String, Object> tufJs(Path trustedRoot, String targetPath, Path work) throws Exception {
        var result = run(
                List.of(
                        "node",
                        INTEROP.resolve("tuf-client.js").toString(),
                        uri("/repo/image/metadata").toString(),
                        uri("/repo/image/targets").toString(),
                        trustedRoot.toString(),
                        targetPath,
                        work.toString()),
                INTEROP,
                120);
        assertThat(result.exit()).as(result.output()).isZero();
        String last = result.output().strip().lines().reduce((a, b) -> b).orElseThrow();
        return json(last);
    }

    private String releasedImage(byte[] bytes) throws Exception {
        String name = "interop-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(upload(name, "1.0.0", bytes, "hardwareId=ecm-hw&releaseCounter=1")
                        .statusCode())
                .isEqualTo(201);
        assertThat(coSign(name, "1.0.0", offlineKey("release-engineer")).statusCode())
                .isEqualTo(200);
        return name + "/" + name + "-1.0.0.bin";
    }

    @Test
    void tufJsVerifiesAndDownloadsATargetBeforeAndAfterARootRotation() throws Exception {
        Path work = Files.createTempDirectory(WORK, "tufjs-");
        Path root1 = work.resolve("1.root.json");
        Files.writeString(root1, get("/repo/image/metadata/1.root.json", null).body());
        byte[] first = "first image for an independent client".repeat(500).getBytes();
        String firstPath = releasedImage(first);

        var before = tufJs(root1, firstPath, work.resolve("client"));

        assertThat(before.get("sha256")).isEqualTo(Hashing.sha256Hex(first));
        long rootBefore = (Long) before.get("rootVersion");

        rotateRoot();
        byte[] second = "second image after the root rotation".repeat(500).getBytes();
        String secondPath = releasedImage(second);
        var after = tufJs(root1, secondPath, work.resolve("client"));
        var freshClient = tufJs(root1, secondPath, work.resolve("fresh-client"));

        assertThat(after.get("sha256")).isEqualTo(Hashing.sha256Hex(second));
        assertThat(after.get("rootVersion")).isEqualTo(rootBefore + 1);
        assertThat(freshClient.get("rootVersion"))
                .as("walked the chain from version 1")
                .isEqualTo(rootBefore + 1);
    }

    @Test
    void tufJsFindsAndVerifiesADeltaThroughTheDeltasDelegationAndStillTheReleasedImageBesideIt() throws Exception {
        Path work = Files.createTempDirectory(WORK, "tufjs-deltas-");
        Path root1 = work.resolve("1.root.json");
        Files.writeString(root1, get("/repo/image/metadata/1.root.json", null).body());
        String name = "interop-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] v1 = DeltaPublicationIntegrationTests.firmware(11);
        byte[] v2 = DeltaPublicationIntegrationTests.patched(v1);
        DeltaPublicationIntegrationTests.release(this, name, "1.0.0", v1, 1);
        String v2Path = DeltaPublicationIntegrationTests.release(this, name, "1.1.0", v2, 2);
        var ours = DeltaPublicationIntegrationTests.awaitDelta(this, v2Path, v1);
        String deltaPath = DeltaPaths.of(v2Path, Hashing.sha256Hex(v1));
        var listed = ours.findTarget(deltaPath).orElseThrow();

        var delta = tufJs(root1, deltaPath, work.resolve("client"));
        var image = tufJs(root1, v2Path, work.resolve("client"));

        assertThat(delta.get("sha256")).isEqualTo(listed.file().hashes().get("sha256"));
        assertThat(delta.get("length")).isEqualTo(listed.file().length());
        assertThat(image.get("sha256")).isEqualTo(Hashing.sha256Hex(v2));
    }

    /** The offline root holders rotate root: a new key joins, the old threshold and the new one both sign. */
    private void rotateRoot() throws Exception {
        var current = SignedDocument.parse(
                        get("/repo/image/metadata/root.json", null).body(), Root::fromJson)
                .body();
        Signer r1 = offlineKey("image-root-1");
        Signer r2 = offlineKey("image-root-2");
        Signer joining = Signers.generate(Scheme.ED25519);
        var keys = new ArrayList<>(current.keys().values());
        keys.add(joining.publicKey());
        var roles = new EnumMap<RoleType, RoleKeys>(current.roles());
        roles.put(RoleType.ROOT, new RoleKeys(List.of(r1.keyId(), r2.keyId(), joining.keyId()), 2));
        var next = Root.create(current.version() + 1, Instant.now().plus(365, ChronoUnit.DAYS), roles, keys);
        var signed = SignedDocument.unsigned(next)
                .withSignatureBy(r1)
                .combine(SignedDocument.unsigned(next).withSignatureBy(r2))
                .combine(SignedDocument.unsigned(next).withSignatureBy(joining));
        var response = send("PUT", "/api/trust/image/root", TestTokens.authorization("ada", "ADMIN"), signed.toJson());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}

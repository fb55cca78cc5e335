package dev.ota.signing.ceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.uptane.client.AttackDetectedException;
import dev.ota.uptane.client.TrustedRepository;
import dev.ota.uptane.metadata.SignedDocument;
import dev.ota.uptane.metadata.Targets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyCeremonyTests {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final KeyCeremony tool = new KeyCeremony(new PrintStream(output), "ceremony-pass".toCharArray(), 1_000);

    private String f(String name) {
        return dir.resolve(name).toString();
    }

    private void run(String... args) throws Exception {
        tool.run(args);
    }

    @Test
    void createsAThresholdRootSignedSeparatelyAndCombinedThenRotatesIt() throws Exception {
        for (String k : new String[] {"root1", "root2", "root3", "targets", "snapshot", "timestamp", "root4"}) {
            run("generate", "--scheme", "ed25519", "--out", f(k + ".key"));
        }
        run(
                "root",
                "--version",
                "1",
                "--expires-days",
                "365",
                "--threshold",
                "2",
                "--root-key",
                f("root1.key"),
                "--root-key",
                f("root2.key"),
                "--root-key",
                f("root3.key"),
                "--targets-key",
                f("targets.key"),
                "--snapshot-key",
                f("snapshot.key"),
                "--timestamp-key",
                f("timestamp.key"),
                "--out",
                f("root.unsigned.json"));
        run("sign", "--key", f("root1.key"), "--in", f("root.unsigned.json"), "--out", f("root.by1.json"));
        run("sign", "--key", f("root3.key"), "--in", f("root.unsigned.json"), "--out", f("root.by3.json"));

        assertThatThrownBy(() ->
                        new TrustedRepository("x", Files.readAllBytes(dir.resolve("root.by1.json")), Clock.systemUTC()))
                .as("one signature is below the threshold of 2")
                .isInstanceOf(AttackDetectedException.class);
        run("combine", "--in", f("root.by1.json"), "--in", f("root.by3.json"), "--out", f("1.root.json"));
        var trusted = new TrustedRepository("x", Files.readAllBytes(dir.resolve("1.root.json")), Clock.systemUTC());
        assertThat(trusted.root().signatures()).hasSize(2);

        // rotation: root3 leaves, root4 joins; old threshold and new threshold both sign
        run(
                "root",
                "--version",
                "2",
                "--expires-days",
                "365",
                "--threshold",
                "2",
                "--root-key",
                f("root1.key"),
                "--root-key",
                f("root2.key"),
                "--root-key",
                f("root4.key"),
                "--targets-key",
                f("targets.key"),
                "--snapshot-key",
                f("snapshot.key"),
                "--timestamp-key",
                f("timestamp.key"),
                "--out",
                f("root2.unsigned.json"));
        run("sign", "--key", f("root1.key"), "--in", f("root2.unsigned.json"), "--out", f("r2.a.json"));
        run("sign", "--key", f("root3.key"), "--in", f("root2.unsigned.json"), "--out", f("r2.b.json"));
        run("sign", "--key", f("root4.key"), "--in", f("root2.unsigned.json"), "--out", f("r2.c.json"));
        run(
                "combine",
                "--in",
                f("r2.a.json"),
                "--in",
                f("r2.b.json"),
                "--in",
                f("r2.c.json"),
                "--out",
                f("2.root.json"));
        run("verify-root", "--trusted", f("1.root.json"), "--in", f("2.root.json"));

        assertThat(output.toString()).contains("OK: root version 2 would be accepted by clients");
    }

    @Test
    void signsTopLevelTargetsWithAReleaseDelegationOfThresholdTwoAndSupplierPatterns() throws Exception {
        for (String k : new String[] {"targets", "ci", "rita", "acme"}) {
            run("generate", "--scheme", "ed25519", "--out", f(k + ".key"));
        }
        run(
                "targets",
                "--version",
                "1",
                "--expires-days",
                "365",
                "--ci-key",
                f("ci.key"),
                "--release-key",
                f("rita.key"),
                "--supplier",
                "supplier-acme=acme-*/*,acme/*:" + f("acme.key"),
                "--out",
                f("targets.unsigned.json"));
        run("sign", "--key", f("targets.key"), "--in", f("targets.unsigned.json"), "--out", f("targets.json"));

        var targets = SignedDocument.parse(Files.readAllBytes(dir.resolve("targets.json")), Targets::fromJson)
                .body();
        var roles = targets.delegations().roles();
        assertThat(roles).extracting(r -> r.name()).containsExactly("release", "supplier-acme", "ci");
        assertThat(roles.getFirst().threshold()).isEqualTo(2);
        assertThat(roles.get(1).paths()).containsExactly("acme-*/*", "acme/*");
        assertThat(new String(Files.readAllBytes(dir.resolve("ci.key")))).doesNotContain("PRIVATE");
    }

    @Test
    void refusesToOverwriteAKey() throws Exception {
        run("generate", "--scheme", "ecdsa", "--out", f("k.key"));

        assertThatThrownBy(() -> run("generate", "--scheme", "ecdsa", "--out", f("k.key")))
                .hasMessageContaining("refusing to overwrite");
    }

    @Test
    void refusesAMissingOrUnknownOptionBeforeTouchingAnyFile() {
        assertThatThrownBy(() -> run("sign", "--key", f("k.key"), "--in", f("in.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--out");
        assertThatThrownBy(() -> run("generate", "--scheme", "ed25519", "--out", f("k.key"), "--colour", "red"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--colour");
        assertThatThrownBy(() -> run()).hasMessageContaining("usage");
        assertThat(dir.resolve("k.key")).doesNotExist();
    }
}

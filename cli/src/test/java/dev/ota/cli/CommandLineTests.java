package dev.ota.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument parsing and error reporting: every mistake is one line on stderr and a usage exit code, never a trace. */
class CommandLineTests {

    @TempDir
    Path config;

    private FakePlatform.Captured cli() {
        return new FakePlatform.Captured(Map.of("OTA_CONFIG", config.toString(), "OTA_ISSUER", "http://127.0.0.1:9"));
    }

    @Test
    void aMissingArgumentIsOneLineWithTheCommandToAskForHelpAndExitCodeTwo() {
        FakePlatform.Captured cli = cli();

        assertThat(cli.run("campaign", "approve")).isEqualTo(ExitCode.USAGE);

        assertThat(cli.err.toString()).hasLineCount(1).contains("ID").contains("ota campaign approve --help");
        assertThat(cli.out.toString()).isEmpty();
    }

    @Test
    void anUnknownOptionAValueOfTheWrongTypeAndNoCommandAreUsageErrors() {
        FakePlatform.Captured cli = cli();

        assertThat(cli.run("watch", "not-a-uuid")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("watch", "3f1d2c1e-0000-4000-8000-000000000001", "--timeout", "soon"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(cli.run(
                        "image",
                        "push",
                        "x.bin",
                        "--name",
                        "a",
                        "--version",
                        "1",
                        "--hardware-id",
                        "h",
                        "--release-counter",
                        "1",
                        "--colour",
                        "red"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(cli.run()).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("campaign")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("logout", "--output", "yaml")).isEqualTo(ExitCode.USAGE);

        assertThat(cli.err.toString().lines())
                .hasSize(6)
                .allSatisfy(line -> assertThat(line)
                        .startsWith("ota: ")
                        .doesNotContain("Exception")
                        .doesNotContain("\tat "));
        assertThat(cli.err.toString()).contains("soon is not a duration", "--colour", "name a command");
    }

    @Test
    void aCommandThatNeedsTheServicesSaysHowToLogInWhenThereIsNoLogin() {
        FakePlatform.Captured cli = cli();

        assertThat(cli.run("campaign", "show", "3f1d2c1e-0000-4000-8000-000000000001"))
                .isEqualTo(ExitCode.FAILED);

        assertThat(cli.err.toString().strip())
                .isEqualTo("ota: not logged in: run ota login (or set OTA_CLIENT_ID and OTA_CLIENT_SECRET)");
    }

    @Test
    void anUnreachableAuthorizationServerIsNamedWithTheVariableThatMovesIt() {
        FakePlatform.Captured cli = cli();

        assertThat(cli.run("login", "--client-id", "ci-pipeline", "--client-secret", "x"))
                .isEqualTo(ExitCode.FAILED);

        assertThat(cli.err.toString())
                .hasLineCount(1)
                .contains("cannot reach auth-server at http://127.0.0.1:9", "OTA_ISSUER");
    }

    @Test
    void aCampaignFileWithoutATargetIsRefusedBeforeAnythingIsSent(@TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("c.yaml"), "name: no target\nstages: []\n");
        FakePlatform.Captured cli = cli();

        assertThat(cli.run("campaign", "create", "-f", file.toString(), "--yes"))
                .isEqualTo(ExitCode.USAGE);

        assertThat(cli.err.toString()).contains("has no 'target'");
    }

    @Test
    void helpIsPrintedOnStdoutWithExitCodeZero() {
        FakePlatform.Captured cli = cli();

        assertThat(cli.run("campaign", "create", "--help")).isZero();

        assertThat(cli.out.toString()).contains("--file", "--yes", "--output");
    }
}

package dev.ota.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.launcher.LocalPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One person (or CI job) using the {@code ota} command line: the real jar, {@code cli/target/ota-cli-0.1.0.jar}, run as
 * its own process for every command, with this user's login kept in their own configuration directory.
 */
final class CliUser {

    /** What a command printed and how it ended. */
    record Run(int exitCode, String out, String err) {

        Run succeeded() {
            assertThat(exitCode)
                    .as("exit code; stdout: %s; stderr: %s", out, err)
                    .isZero();
            return this;
        }
    }

    private static final long LONGEST_COMMAND_MINUTES = 8;

    private final String name;
    private final Path config;
    private final Map<String, String> environment = new HashMap<>();

    CliUser(String name, Path home) throws IOException {
        this.name = name;
        this.config = Files.createDirectories(home.resolve(name));
        LocalPlatform platform = RunningPlatform.get();
        environment.put("OTA_CONFIG", config.resolve("ota").toString());
        environment.put("OTA_ISSUER", platform.url("auth-server"));
        environment.put("OTA_SIGNING_URL", platform.url("signing-service"));
        environment.put("OTA_CAMPAIGN_URL", platform.url("campaign-service"));
        environment.put("OTA_HEALTH_URL", platform.url("health-service"));
        environment.put("OTA_ROLLBACK_URL", platform.url("rollback-service"));
        environment.put("OTA_AUDIT_URL", platform.url("audit-service"));
    }

    /** Logs in with the client-credentials grant; the login is kept for the user's later commands. */
    static CliUser loggedIn(String clientId, String secret, Path home) throws IOException {
        CliUser user = new CliUser(clientId, home);
        user.run("login", "--client-id", clientId, "--client-secret", secret).succeeded();
        return user;
    }

    CliUser with(String variable, String value) {
        environment.put(variable, value);
        return this;
    }

    Run run(String... args) {
        Path jar = Path.of(System.getProperty("ota.home", ".."))
                .resolve("cli/target/ota-cli-0.1.0.jar")
                .toAbsolutePath()
                .normalize();
        assertThat(jar).as("the command line's jar (./ota build)").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(config, "out", ".txt");
            Path err = Files.createTempFile(config, "err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(config.toFile())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(LONGEST_COMMAND_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("ota " + String.join(" ", args) + " did not finish");
            }
            Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
            System.out.println("[cli " + name + "] ota " + String.join(" ", args) + " -> " + run.exitCode() + "\n"
                    + run.out() + run.err());
            return run;
        } catch (IOException e) {
            throw new AssertionError("ota " + String.join(" ", args) + " did not start: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

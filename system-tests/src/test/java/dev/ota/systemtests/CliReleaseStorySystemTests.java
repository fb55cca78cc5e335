package dev.ota.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.launcher.demo.Release;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The release story through the {@code ota} command line only, each step by the role that takes it, each role logged
 * in in its own configuration directory: CI pushes the image (twice: the same bytes again change nothing), the release
 * engineer releases it with the offline key and creates the campaign from a YAML file, an approver (the second person
 * four-eyes requires) approves it, fleet operations start it and watch it to COMPLETED, the auditor verifies the log.
 * Only the small fleet (6 vehicles) is prepared beforehand, through the simulator.
 */
class CliReleaseStorySystemTests {

    static final Release TCU = new Release("cli-tcu-fw", "3.0.0-cli", "hw-tcu", 2, 8 * 1024);

    /** Where the signing service's development key ceremony leaves the release engineer's key. */
    static final Path RELEASE_KEY = Path.of("var", "signing", "trust", "offline-keys-DEV-ONLY", "release-engineer.key");

    @TempDir
    Path home;

    @Test
    void pushReleaseCreateApproveStartWatchToCompletedAndVerifyTheAuditLogWithTheCommandLineOnly() throws Exception {
        TestFleet fleet = TestFleet.create("cli-story", 6);
        Path image = Files.write(home.resolve("tcu.bin"), TCU.content());
        Path campaignFile = Files.writeString(home.resolve("campaign.yaml"), campaignYaml(fleet.query()));
        Path releaseKey =
                RunningPlatform.get().serviceDirectory("signing-service").resolve(RELEASE_KEY);

        CliUser ci = CliUser.loggedIn("ci-pipeline", "ci-secret", home);
        String[] push = {
            "image",
            "push",
            image.toString(),
            "--name",
            TCU.imageName(),
            "--version",
            TCU.version(),
            "--hardware-id",
            TCU.hardwareId(),
            "--release-counter",
            String.valueOf(TCU.releaseCounter())
        };
        assertThat(ci.run(push).succeeded().out()).startsWith("pushed " + TCU.imageName());
        assertThat(ci.run(push).succeeded().out()).startsWith("already pushed (same bytes, nothing changed)");

        CliUser releaseEngineer = CliUser.loggedIn("demo-release-engineer", "release-engineer-demo", home)
                .with("OTA_KEY_PASSPHRASE", "dev-only-passphrase");
        assertThat(releaseEngineer
                        .run("release", TCU.imageName(), TCU.version(), "--key", releaseKey.toString())
                        .succeeded()
                        .out())
                .startsWith("released " + TCU.imageName() + " " + TCU.version());
        JsonNode created = json(releaseEngineer
                .run("campaign", "create", "-f", campaignFile.toString(), "--yes", "--output", "json")
                .succeeded());
        assertThat(created.path("preview").path("total").asLong()).isEqualTo(6);
        assertThat(created.path("review").path("targeted").asLong())
                .as("the stage review came with the preview")
                .isEqualTo(6);
        assertThat(created.path("state").asString()).isEqualTo("PENDING_APPROVAL");
        String id = created.path("id").asString();

        CliUser approver = CliUser.loggedIn("demo-approver", "approver-demo", home);
        assertThat(approver.run("campaign", "review", id).succeeded().out())
                .as("the approver reads what the stages can prove before approving")
                .startsWith("targets 6 vehicles now; a stage needs at least ")
                .contains("stage 1: ");
        assertThat(approver.run("campaign", "approve", id, "--reason", "bundle and stages reviewed")
                        .succeeded()
                        .out())
                .contains("(approved by demo-approver)");

        CliUser fleetOps = CliUser.loggedIn("demo-fleet-ops", "fleet-ops-demo", home);
        fleetOps.run("campaign", "start", id).succeeded();
        Instant started = Instant.now();
        CliUser.Run watched = fleetOps.run("watch", id, "--timeout", "5m", "--interval", "1s");
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        assertThat(watched.exitCode()).as(watched.out() + watched.err()).isZero();
        assertThat(watched.out()).contains("stage 2/2 PASSED PASS").endsWith("COMPLETED: every stage passed\n");
        Figures.record("command line: 6 vehicles, 2 stages, start to watch exiting on COMPLETED", seconds, "s");
        for (var vehicle : fleet.now()) {
            assertThat(vehicle.versionOn(TCU.hardwareId())).as(vehicle.vin()).hasValue(TCU.version());
        }

        CliUser auditor = CliUser.loggedIn("demo-auditor", "auditor-demo", home);
        assertThat(auditor.run("audit", "verify").succeeded().out()).startsWith("intact: ");
    }

    private static JsonNode json(CliUser.Run run) {
        return JsonMapper.builder().build().readTree(run.out());
    }

    /** Two stages of three vehicles; a clean stage of three passes a 50% bound at 90% confidence. */
    private static String campaignYaml(String query) {
        return """
                name: command line rollout
                description: released and rolled out with the ota command line
                target: {type: query, query: "%s"}
                continuous: false
                bundle:
                  images:
                    - {hardwareId: %s, imageName: %s, version: %s, requires: []}
                stages:
                  - {count: 3, minVehicles: 0, soakTime: PT2S, autoAdvance: true}
                  - {count: 3, minVehicles: 0, soakTime: PT2S, autoAdvance: true}
                healthCriteria: {maxFailureRate: 0.5, minSamples: 3, confidence: 0.9, soakTime: PT5S, maxDtcDelta: 5}
                rollbackPolicy: PAUSE_ONLY
                policies:
                  rateLimit: {maximumPerMinute: 6000, incrementFactor: 2.0, incrementEvery: 1}
                  preconditions: {requireParked: false, minBatteryPercent: 0, consentRequired: false}
                  vehicleTimeout: PT5M
                """.formatted(query, TCU.hardwareId(), TCU.imageName(), TCU.version());
    }
}

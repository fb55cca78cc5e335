package dev.ota.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kept login (a private file, renewed tokens) and how answers of the services are shown. */
class LoginAndCallsTests {

    static final String ID = "3f1d2c1e-0000-4000-8000-000000000001";

    @TempDir
    Path home;

    private final FakePlatform platform = newPlatform();

    @AfterEach
    void stop() {
        platform.close();
    }

    private FakePlatform.Captured cli() {
        return new FakePlatform.Captured(platform.environment(home.resolve("ota")));
    }

    @Test
    void loginKeepsTheTokenInAFileOnlyItsOwnerCanReadAndSaysWhoAndWhichRoles() throws Exception {
        platform.issuing("demo-approver", "APPROVER", 300);
        FakePlatform.Captured cli = cli();

        assertThat(cli.run("login", "--client-id", "demo-approver", "--client-secret", "approver-demo"))
                .isZero();

        Path file = home.resolve("ota").resolve("credentials.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("ota"))))
                .isEqualTo("rwx------");
        assertThat(cli.out.toString()).contains("logged in as demo-approver (roles APPROVER");
        assertThat(platform.requests.getFirst().authorization())
                .isEqualTo("Basic "
                        + java.util.Base64.getEncoder().encodeToString("demo-approver:approver-demo".getBytes()));
    }

    @Test
    void laterCommandsSendTheKeptTokenAndRenewItWhenItIsAboutToExpire() {
        platform.issuing("demo-fleet-ops", "FLEET_OPS", 10); // inside the 30 s renewal margin: renewed at once
        platform.on("POST /api/campaigns/" + ID + "/hold", 200, "{\"id\":\"" + ID + "\",\"state\":\"PAUSED\"}");
        FakePlatform.Captured cli = cli();
        cli.run("login", "--client-id", "demo-fleet-ops", "--client-secret", "fleet-ops-demo");

        assertThat(cli.run("campaign", "hold", ID, "--reason", "night")).isZero();

        assertThat(platform.count("POST", "/oauth2/token")).isEqualTo(2);
        FakePlatform.Request hold = platform.requests.getLast();
        assertThat(hold.authorization()).startsWith("Bearer h.");
        assertThat(hold.body()).isEqualTo("{\"reason\":\"night\"}");
        assertThat(cli.out.toString()).contains("campaign " + ID + " held: now PAUSED");
    }

    @Test
    void aRefusalIsTheServicesProblemDetailOnOneLine() {
        platform.issuing("demo-release-engineer", "RELEASE_ENGINEER", 300);
        platform.on(
                "POST /api/campaigns/" + ID + "/approve",
                403,
                "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                        + "\"detail\":\"four-eyes: the creator cannot approve\"}");
        FakePlatform.Captured cli = cli();
        cli.run("login", "--client-id", "demo-release-engineer", "--client-secret", "s");

        assertThat(cli.run("campaign", "approve", ID)).isEqualTo(ExitCode.FAILED);

        assertThat(cli.err.toString().strip())
                .isEqualTo("ota: campaign-service answered 403 (not allowed for this login's role):"
                        + " four-eyes: the creator cannot approve");
    }

    @Test
    void ciNeedsNoLoginStepWithTheClientInTheEnvironmentAndGetsJson() {
        platform.issuing("demo-auditor", "AUDITOR", 300);
        platform.on(
                "POST /api/audit/verify",
                200,
                "{\"intact\":true,\"entries\":42,\"checkpointsChecked\":3,\"firstBadIndex\":null,"
                        + "\"rootHash\":\"ab\",\"problems\":[]}");
        Map<String, String> environment = new java.util.HashMap<>(platform.environment(home.resolve("ota")));
        environment.put("OTA_CLIENT_ID", "demo-auditor");
        environment.put("OTA_CLIENT_SECRET", "auditor-demo");
        FakePlatform.Captured cli = new FakePlatform.Captured(environment);

        assertThat(cli.run("audit", "verify", "--output", "json")).isZero();

        var report = OutputOption.mapper().readTree(cli.out.toString());
        assertThat(report.path("intact").asBoolean()).isTrue();
        assertThat(report.path("entries").asLong()).isEqualTo(42);
        assertThat(home.resolve("ota").resolve("credentials.json")).doesNotExist();
    }

    @Test
    void aLogThatIsNotIntactFailsTheVerificationWithItsFirstBadEntry() {
        platform.issuing("demo-auditor", "AUDITOR", 300);
        platform.on(
                "POST /api/audit/verify",
                200,
                "{\"intact\":false,\"entries\":42,\"checkpointsChecked\":3,\"firstBadIndex\":17,"
                        + "\"rootHash\":\"ab\",\"problems\":[\"leaf 17 does not hash to the stored value\"]}");
        FakePlatform.Captured cli = cli();
        cli.run("login", "--client-id", "demo-auditor", "--client-secret", "auditor-demo");

        assertThat(cli.run("audit", "verify")).isEqualTo(ExitCode.FAILED);

        assertThat(cli.out.toString())
                .contains("NOT INTACT: first bad entry 17; leaf 17 does not hash to the stored value");
    }

    @Test
    void exportWritesTheBundleOfOneVehicleToAFileAndRefusesTwoScopes() throws Exception {
        platform.issuing("demo-auditor", "AUDITOR", 300);
        platform.on("GET /api/audit/exports/vehicles/VIN0001", 200, "{\"entry\":1}\n{\"entry\":2}\n");
        FakePlatform.Captured cli = cli();
        cli.run("login", "--client-id", "demo-auditor", "--client-secret", "auditor-demo");
        Path file = home.resolve("vehicle.jsonl");

        assertThat(cli.run("audit", "export", "--vehicle", "VIN0001", "--to-file", file.toString()))
                .isZero();

        assertThat(Files.readString(file)).isEqualTo("{\"entry\":1}\n{\"entry\":2}\n");
        assertThat(cli.out.toString()).contains("wrote 24 bytes to " + file);
        assertThat(cli.run("audit", "export", "--vehicle", "VIN0001", "--campaign", ID))
                .isEqualTo(ExitCode.USAGE);
    }

    private static FakePlatform newPlatform() {
        try {
            return new FakePlatform();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

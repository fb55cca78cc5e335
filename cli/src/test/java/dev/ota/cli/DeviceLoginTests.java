package dev.ota.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.cli.platform.Login;
import dev.ota.cli.platform.LoginStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code ota login --device} polls (RFC 8628 section 3.5), against canned answers of a token endpoint. */
class DeviceLoginTests {

    private static final String DEVICE_AUTHORIZATION = "{\"device_code\":\"dc-1\",\"user_code\":\"WDJB-MJHT\","
            + "\"verification_uri\":\"http://auth.example/activate\","
            + "\"verification_uri_complete\":\"http://auth.example/activate?user_code=WDJB-MJHT\","
            + "\"expires_in\":600,\"interval\":1}";

    @TempDir
    Path home;

    private final FakePlatform platform = newPlatform();

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void showsWhereToEnterTheCodeAndWaitsFiveSecondsLongerAfterSlowDown() {
        platform.on(
                "POST /oauth2/token",
                pending("authorization_pending"),
                pending("slow_down"),
                new FakePlatform.Answer(200, token("olga", "FLEET_OPS")));
        FakePlatform.Captured cli = cli();

        long started = System.nanoTime();
        assertThat(cli.run("login", "--device")).as(cli.err.toString()).isZero();
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        assertThat(cli.err.toString())
                .contains("open http://auth.example/activate in a browser and enter the code WDJB-MJHT");
        assertThat(cli.out.toString()).contains("logged in as olga (roles FLEET_OPS;");
        assertThat(platform.count("POST", "/oauth2/token")).isEqualTo(3);
        // 1 s twice (the server's interval), then 6 s: five seconds more after slow_down
        assertThat(seconds).isGreaterThanOrEqualTo(8);
        assertThat(platform.requests.getLast().body())
                .isEqualTo("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=dc-1"
                        + "&client_id=ota-cli");
    }

    @Test
    void anExpiredCodeEndsTheLoginWithOneLineAndKeepsNothing() {
        platform.on("POST /oauth2/token", pending("authorization_pending"), pending("expired_token"));
        FakePlatform.Captured cli = cli();

        assertThat(cli.run("login", "--device")).isEqualTo(ExitCode.FAILED);

        assertThat(cli.err.toString())
                .endsWith("ota: the code expired before it was entered at http://auth.example/activate: run ota login"
                        + " --device again\n");
        assertThat(home.resolve("ota").resolve("credentials.json")).doesNotExist();
    }

    @Test
    void aDeniedLoginEndsWithOneLine() {
        platform.on("POST /oauth2/token", pending("access_denied"));
        FakePlatform.Captured cli = cli();

        assertThat(cli.run("login", "--device", "--output", "json")).isEqualTo(ExitCode.FAILED);

        assertThat(cli.err.toString())
                .endsWith("ota: the login was refused at http://auth.example/activate: no token was issued\n");
        assertThat(cli.out.toString()).isEmpty();
    }

    @Test
    void aCommandAfterTheDeviceLoginExpiredAsksForANewLoginInsteadOfRenewing() {
        new LoginStore(home.resolve("ota"))
                .write(new Login(
                        platform.url(), "ota-cli", null, "h.e.s", Instant.now().minusSeconds(5)));
        platform.on("GET /api/campaigns/" + LoginAndCallsTests.ID, 200, "{\"state\":\"RUNNING\"}");
        FakePlatform.Captured cli = cli();

        assertThat(cli.run("campaign", "show", LoginAndCallsTests.ID)).isEqualTo(ExitCode.FAILED);

        assertThat(cli.err.toString())
                .contains("ota: the device login expired at ")
                .endsWith(": run ota login --device again\n");
        assertThat(platform.requests).isEmpty();
    }

    @Test
    void aDeviceLoginWithAClientSecretIsAUsageError() {
        assertThat(cli().run("login", "--device", "--client-secret", "s")).isEqualTo(ExitCode.USAGE);
        assertThat(platform.requests).isEmpty();
    }

    private FakePlatform newPlatform() {
        try {
            FakePlatform fake = new FakePlatform();
            fake.on("POST /oauth2/device_authorization", 200, DEVICE_AUTHORIZATION);
            return fake;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private FakePlatform.Captured cli() {
        return new FakePlatform.Captured(platform.environment(home.resolve("ota")));
    }

    private static FakePlatform.Answer pending(String error) {
        return new FakePlatform.Answer(400, "{\"error\":\"" + error + "\"}");
    }

    private static String token(String subject, String role) {
        String payload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        ("{\"sub\":\"" + subject + "\",\"roles\":[\"" + role + "\"],\"aud\":[\"campaign-service\"]}")
                                .getBytes(StandardCharsets.UTF_8));
        return "{\"access_token\":\"h." + payload + ".s\",\"token_type\":\"Bearer\",\"expires_in\":3600}";
    }
}

package dev.ota.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import tools.jackson.databind.JsonNode;

/**
 * {@code ota login --device} against the real authorization server: the command line waits while a person, in a
 * browser (plain HTTP here: form login, the code page, the consent form), logs in and enters the code it printed.
 */
class DeviceLoginIntegrationTests {

    private static final Pattern USER_CODE = Pattern.compile("enter the code (\\S+)");
    private static final Pattern HIDDEN_OR_CHECKBOX = Pattern.compile("<input[^>]*>");

    static LocalAuthorizationServer server;

    @TempDir
    Path home;

    @BeforeAll
    static void startServer() throws Exception {
        server = LocalAuthorizationServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aPersonWhoEntersTheCodeAndConsentsLogsTheCommandLineInWithTheirOwnRoles() throws Exception {
        FakePlatform.Captured cli = new FakePlatform.Captured(Map.of("OTA_CONFIG", home.toString()));
        CompletableFuture<Integer> login =
                CompletableFuture.supplyAsync(() -> cli.run("login", "--device", "--issuer", server.issuer));

        Browser browser = new Browser();
        browser.logIn("rita", "demo");
        String consentPage = browser.enterCode(userCodeShownBy(cli));
        assertThat(consentPage).contains("ota-cli").contains("value=\"ota\"");
        HttpResponse<String> done = browser.consent(consentPage, true);

        assertThat(done.uri().getPath())
                .as(done.statusCode() + " " + done.body())
                .isEqualTo("/activated");
        assertThat(done.body()).contains("The command line is logged in as you");
        assertThat(login.get(60, TimeUnit.SECONDS)).as(cli.err.toString()).isZero();
        assertThat(cli.out.toString()).contains("logged in as rita (roles RELEASE_ENGINEER;");

        JsonNode kept = OutputOption.mapper().readTree(Files.readString(home.resolve("credentials.json")));
        assertThat(kept.path("clientId").asString()).isEqualTo("ota-cli");
        assertThat(kept.path("clientSecret").isNull()
                        || kept.path("clientSecret").isMissingNode())
                .isTrue();
        NimbusJwtDecoder decoder =
                NimbusJwtDecoder.withJwkSetUri(server.issuer + "/oauth2/jwks").build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(server.issuer));
        Jwt token = decoder.decode(kept.path("accessToken").asString());
        assertThat(token.getSubject()).isEqualTo("rita");
        assertThat(token.getClaimAsStringList("roles")).containsExactly("RELEASE_ENGINEER");
        assertThat(token.getAudience()).contains("signing-service", "campaign-service", "audit-service");
        assertThat(token.getExpiresAt()).isAfter(Instant.now().plus(Duration.ofMinutes(30)));
    }

    @Test
    void aPersonWhoCancelsAtTheConsentPageLeavesTheCommandLineLoggedOutWithOneLine() throws Exception {
        FakePlatform.Captured cli = new FakePlatform.Captured(Map.of("OTA_CONFIG", home.toString()));
        CompletableFuture<Integer> login =
                CompletableFuture.supplyAsync(() -> cli.run("login", "--device", "--issuer", server.issuer));

        Browser browser = new Browser();
        browser.logIn("aaron", "demo");
        browser.consent(browser.enterCode(userCodeShownBy(cli)), false);

        assertThat(login.get(60, TimeUnit.SECONDS)).isEqualTo(ExitCode.FAILED);
        assertThat(cli.err.toString()).contains("ota: the login was refused at " + server.issuer + "/activate");
        assertThat(cli.out.toString()).isEmpty();
        assertThat(home.resolve("credentials.json")).doesNotExist();
    }

    private static String userCodeShownBy(FakePlatform.Captured cli) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            Matcher matcher = USER_CODE.matcher(cli.err.toString());
            if (matcher.find()) {
                return matcher.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the command line printed no code: " + cli.err);
    }

    /** What a browser does: keeps the session cookie, follows redirects, submits the pages' forms. */
    private static final class Browser {

        private final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();

        void logIn(String username, String password) throws Exception {
            HttpResponse<String> loginPage = get("/activate");
            assertThat(loginPage.uri().getPath()).isEqualTo("/login");
            Map<String, String> form = inputs(loginPage.body());
            form.put("username", username);
            form.put("password", password);
            HttpResponse<String> codePage = post("/login", form);
            assertThat(codePage.uri().getPath()).isEqualTo("/activate");
            assertThat(codePage.body()).contains("Type the code");
        }

        String enterCode(String userCode) throws Exception {
            HttpResponse<String> page =
                    get("/oauth2/device_verification?user_code=" + URLEncoder.encode(userCode, StandardCharsets.UTF_8));
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            return page.body();
        }

        /** Submits the consent form with its scopes ticked, or as its Cancel button does: with none. */
        HttpResponse<String> consent(String consentPage, boolean approve) throws Exception {
            Map<String, String> form = inputs(consentPage);
            if (!approve) {
                form.remove("scope");
            }
            return post("/oauth2/device_verification", form);
        }

        private static Map<String, String> inputs(String html) {
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher input = HIDDEN_OR_CHECKBOX.matcher(html);
            while (input.find()) {
                String name = attribute(input.group(), "name");
                String value = attribute(input.group(), "value");
                if (name != null && value != null) {
                    fields.put(name, value);
                }
            }
            return fields;
        }

        private static String attribute(String tag, String name) {
            Matcher matcher = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(tag);
            return matcher.find() ? matcher.group(1) : null;
        }

        private HttpResponse<String> get(String path) throws Exception {
            return http.send(
                    HttpRequest.newBuilder(URI.create(server.issuer + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        private HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            String body = form.entrySet().stream()
                    .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return http.send(
                    HttpRequest.newBuilder(URI.create(server.issuer + path))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}

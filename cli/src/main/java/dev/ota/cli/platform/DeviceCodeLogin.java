package dev.ota.cli.platform;

import dev.ota.cli.CliFailure;
import dev.ota.cli.OutputOption;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * A person's login with the OAuth 2.0 Device Authorization Grant (RFC 8628): asks the authorization server for a
 * device code, shows the person where to enter the user code, then polls the token endpoint until they have logged in
 * and consented in a browser. It waits at least the {@code interval} the server asks for and five seconds more after
 * each {@code slow_down} (section 3.5), and stops at {@code expired_token}, {@code access_denied} or the code's expiry.
 */
public final class DeviceCodeLogin {

    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";

    /** RFC 8628 section 3.2: without an {@code interval}, a client waits five seconds between polls. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);

    /** What the person must do, as the server said it (section 3.2). */
    public record Instructions(String verificationUri, String userCode, String verificationUriComplete) {}

    /** Waits between polls; the tests' waits are real too, the interval is the server's. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Http http;
    private final Clock clock;
    private final Sleeper sleeper;

    public DeviceCodeLogin(Http http, Clock clock, Sleeper sleeper) {
        this.http = http;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Runs the whole flow.
     *
     * @param scope what the token is asked for; the person sees it on the consent page
     * @param show told the instructions once, before the first poll
     */
    public Login logIn(String issuer, String clientId, String scope, Consumer<Instructions> show) {
        JsonNode authorization = post(
                issuer + "/oauth2/device_authorization", "client_id=" + encode(clientId) + "&scope=" + encode(scope));
        String deviceCode = authorization.path("device_code").asString("");
        String userCode = authorization.path("user_code").asString("");
        String verificationUri = authorization.path("verification_uri").asString("");
        if (deviceCode.isEmpty() || userCode.isEmpty() || verificationUri.isEmpty()) {
            throw CliFailure.failed("the authorization server at " + issuer + " answered without a device code");
        }
        show.accept(new Instructions(
                verificationUri,
                userCode,
                authorization.path("verification_uri_complete").asString(verificationUri)));
        Instant expiresAt =
                clock.instant().plusSeconds(authorization.path("expires_in").asLong(600));
        Duration interval = authorization.path("interval").isNumber()
                ? Duration.ofSeconds(Math.max(1, authorization.path("interval").asLong()))
                : DEFAULT_INTERVAL;
        String poll = "grant_type=" + encode(GRANT_TYPE) + "&device_code=" + encode(deviceCode) + "&client_id="
                + encode(clientId);
        while (true) {
            pause(interval);
            if (!clock.instant().isBefore(expiresAt)) {
                throw expired(verificationUri);
            }
            HttpResponse<String> response = send(issuer + "/oauth2/token", poll);
            if (response.statusCode() == 200) {
                return TokenClient.login(
                        issuer, clientId, null, OutputOption.mapper().readTree(response.body()), clock);
            }
            String error = errorCode(response);
            switch (error) {
                case "authorization_pending" -> {}
                case "slow_down" -> interval = interval.plus(SLOW_DOWN_STEP);
                case "expired_token" -> throw expired(verificationUri);
                case "access_denied" ->
                    throw CliFailure.failed("the login was refused at " + verificationUri + ": no token was issued");
                default ->
                    throw CliFailure.failed(Problem.describe(Service.AUTH, response.statusCode(), response.body()));
            }
        }
    }

    private static CliFailure expired(String verificationUri) {
        return CliFailure.failed(
                "the code expired before it was entered at " + verificationUri + ": run ota login --device again");
    }

    private JsonNode post(String uri, String form) {
        HttpResponse<String> response = send(uri, form);
        if (response.statusCode() != 200) {
            String error = errorCode(response);
            if (response.statusCode() == 401 || error.equals("invalid_client") || error.equals("unauthorized_client")) {
                throw CliFailure.failed("the authorization server refused a device login for this client ("
                        + (error.isEmpty() ? "401" : error)
                        + "): it must be registered as a public client of the device-code grant");
            }
            throw CliFailure.failed(Problem.describe(Service.AUTH, response.statusCode(), response.body()));
        }
        return OutputOption.mapper().readTree(response.body());
    }

    private HttpResponse<String> send(String uri, String form) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri))
                .timeout(Http.TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return http.send(Service.AUTH, request, HttpResponse.BodyHandlers.ofString());
    }

    private static String errorCode(HttpResponse<String> response) {
        try {
            return OutputOption.mapper().readTree(response.body()).path("error").asString("");
        } catch (RuntimeException notJson) {
            return "";
        }
    }

    private void pause(Duration interval) {
        try {
            sleeper.sleep(interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

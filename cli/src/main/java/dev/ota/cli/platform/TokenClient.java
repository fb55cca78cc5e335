package dev.ota.cli.platform;

import dev.ota.cli.CliFailure;
import dev.ota.cli.OutputOption;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** The OAuth2 client-credentials grant against the authorization server ({@code POST /oauth2/token}). */
public final class TokenClient {

    private final Http http;
    private final Clock clock;

    public TokenClient(Http http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    public Login logIn(String issuer, String clientId, String clientSecret) {
        String credentials = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
                .timeout(Http.TIMEOUT)
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        HttpResponse<String> response = http.send(Service.AUTH, request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401 || response.statusCode() == 400) {
            throw CliFailure.failed("the authorization server at " + issuer + " refused client " + clientId
                    + " (wrong client id or secret, or not allowed the client-credentials grant)");
        }
        if (response.statusCode() != 200) {
            throw CliFailure.failed(Problem.describe(Service.AUTH, response.statusCode(), response.body()));
        }
        return login(issuer, clientId, clientSecret, OutputOption.mapper().readTree(response.body()), clock);
    }

    /** The login a successful token response gives, whichever grant it answered. */
    static Login login(String issuer, String clientId, @Nullable String clientSecret, JsonNode token, Clock clock) {
        String accessToken = token.path("access_token").asString("");
        if (accessToken.isEmpty()) {
            throw CliFailure.failed("the authorization server at " + issuer + " answered without an access token");
        }
        return new Login(
                issuer,
                clientId,
                clientSecret,
                accessToken,
                clock.instant().plusSeconds(token.path("expires_in").asLong(300)));
    }
}

package dev.ota.cli.platform;

import dev.ota.cli.CliFailure;
import dev.ota.cli.OutputOption;
import dev.ota.cli.Terminal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Calls to the services' REST APIs as the logged-in client; any answer outside 2xx is a one-line {@link CliFailure}. */
public final class PlatformApi {

    /** A 2xx answer: its status (201 created, 200 already there) and its JSON body. */
    public record Reply(int status, JsonNode body) {}

    private static final java.time.Duration UPLOAD_TIMEOUT = java.time.Duration.ofHours(1);

    private final Http http;
    private final Session session;
    private final ServiceUrls urls;

    public PlatformApi(Terminal terminal) {
        this.http = new Http();
        this.session = new Session(terminal, http, Clock.systemUTC());
        this.urls = new ServiceUrls(terminal);
    }

    public JsonNode get(Service service, String path) {
        return send(service, request(service, path).GET()).body();
    }

    /** POST with a JSON body (none when {@code body} is null). */
    public JsonNode post(Service service, String path, @Nullable JsonNode body) {
        return send(
                        service,
                        request(service, path)
                                .header("Content-Type", "application/json")
                                .POST(
                                        body == null
                                                ? HttpRequest.BodyPublishers.noBody()
                                                : HttpRequest.BodyPublishers.ofString(
                                                        OutputOption.mapper().writeValueAsString(body))))
                .body();
    }

    /** POST of a JSON document kept as text (a signed metadata document must reach the server byte for byte). */
    public JsonNode post(Service service, String path, String json) {
        return send(
                        service,
                        request(service, path)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json)))
                .body();
    }

    /** GET of a document that must stay as the server wrote it (a release candidate to sign). */
    public String getText(Service service, String path) {
        HttpResponse<String> response =
                http.send(service, request(service, path).GET().build(), HttpResponse.BodyHandlers.ofString());
        refuseUnlessSuccessful(service, response.statusCode(), response.body());
        return response.body();
    }

    /** GET of a file (an audit export): its bytes. */
    public byte[] download(Service service, String path) {
        HttpResponse<byte[]> response =
                http.send(service, request(service, path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        refuseUnlessSuccessful(
                service, response.statusCode(), new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        return response.body();
    }

    /** Any method with a body of its own: a streamed upload, which may take as long as an hour. */
    public Reply send(Service service, String method, String path, String contentType, HttpRequest.BodyPublisher body) {
        return send(
                service,
                request(service, path)
                        .timeout(UPLOAD_TIMEOUT)
                        .header("Content-Type", contentType)
                        .method(method, body));
    }

    private Reply send(Service service, HttpRequest.Builder request) {
        HttpResponse<String> response = http.send(service, request.build(), HttpResponse.BodyHandlers.ofString());
        refuseUnlessSuccessful(service, response.statusCode(), response.body());
        String body = response.body();
        return new Reply(
                response.statusCode(),
                body.isBlank()
                        ? OutputOption.mapper().createObjectNode()
                        : OutputOption.mapper().readTree(body));
    }

    private HttpRequest.Builder request(Service service, String path) {
        return HttpRequest.newBuilder(URI.create(urls.of(service) + path))
                .timeout(Http.TIMEOUT)
                .header("Accept", "application/json, application/problem+json, */*")
                .header("Authorization", "Bearer " + session.bearerToken());
    }

    private static void refuseUnlessSuccessful(Service service, int status, String body) {
        if (status / 100 != 2) {
            throw CliFailure.failed(Problem.describe(service, status, body));
        }
    }
}

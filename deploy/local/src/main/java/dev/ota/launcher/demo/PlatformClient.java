package dev.ota.launcher.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plain HTTP calls to the platform's public APIs, each as one {@link Actor} with a bearer token from the real
 * authorization server (client-credentials grant), renewed before it expires.
 */
public final class PlatformClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Function<String, String> baseUrls;
    private final Map<Actor, Token> tokens = new ConcurrentHashMap<>();

    private record Token(String value, Instant renewAt) {}

    /** @param baseUrls base URL of a service by its name, e.g. {@code campaign-service -> http://127.0.0.1:8082} */
    public PlatformClient(Function<String, String> baseUrls) {
        this.baseUrls = baseUrls;
    }

    public String url(String service, String path) {
        return baseUrls.apply(service) + path;
    }

    public Reply get(@Nullable Actor actor, String service, String path) {
        return send(request(actor, service, path).GET());
    }

    public Reply post(Actor actor, String service, String path, @Nullable Object body) {
        return send(json(request(actor, service, path), "POST", body));
    }

    public Reply put(Actor actor, String service, String path, Object body) {
        return send(json(request(actor, service, path), "PUT", body));
    }

    public Reply patch(Actor actor, String service, String path, Object body) {
        return send(json(request(actor, service, path), "PATCH", body));
    }

    public Reply delete(Actor actor, String service, String path) {
        return send(request(actor, service, path).DELETE());
    }

    /** A raw body with its own content type (uploads, and deliberately malformed requests). */
    public Reply send(
            @Nullable Actor actor, String method, String service, String path, String contentType, byte[] body) {
        return send(request(actor, service, path)
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A raw body streamed from a publisher (large uploads are never held in memory). */
    public Reply send(
            @Nullable Actor actor,
            String method,
            String service,
            String path,
            String contentType,
            HttpRequest.BodyPublisher body) {
        return send(request(actor, service, path)
                .header("Content-Type", contentType)
                .method(method, body));
    }

    /** A bearer token for the actor, from the authorization server. */
    public String token(Actor actor) {
        Token token = tokens.get(actor);
        if (token == null || Instant.now().isAfter(token.renewAt())) {
            token = fetchToken(actor);
            tokens.put(actor, token);
        }
        return token.value();
    }

    static String toJson(Object body) {
        return JSON.writeValueAsString(body);
    }

    private Token fetchToken(Actor actor) {
        String basic = Base64.getEncoder()
                .encodeToString((actor.clientId() + ":" + actor.secret()).getBytes(StandardCharsets.UTF_8));
        Reply reply = send(HttpRequest.newBuilder(URI.create(url("auth-server", "/oauth2/token")))
                .timeout(TIMEOUT)
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
        reply.orFail("token for " + actor.clientId());
        JsonNode json = reply.json();
        long lifetime = json.path("expires_in").asLong(300);
        return new Token(json.path("access_token").asString(), Instant.now().plusSeconds(Math.max(10, lifetime - 30)));
    }

    private HttpRequest.Builder request(@Nullable Actor actor, String service, String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(url(service, path))).timeout(TIMEOUT);
        if (actor != null) {
            builder.header("Authorization", "Bearer " + token(actor));
        }
        return builder;
    }

    private static HttpRequest.Builder json(HttpRequest.Builder builder, String method, @Nullable Object body) {
        String text = body == null ? "" : body instanceof String s ? s : toJson(body);
        return builder.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(text));
    }

    private Reply send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        try {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new StoryFailure(built.method() + " " + built.uri() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoryFailure("interrupted: " + built.method() + " " + built.uri());
        }
    }
}

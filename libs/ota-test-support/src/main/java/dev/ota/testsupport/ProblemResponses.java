package dev.ota.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks that errors are RFC 9457 problem details: status, {@code application/problem+json}, a JSON object whose
 * {@code status} and {@code title} say what happened, and no HTML or stack trace.
 */
public final class ProblemResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {}

    /** Fails unless the response is a problem detail with this status; returns the problem for further checks. */
    public static JsonNode assertProblem(HttpResponse<String> response, int status) {
        String body = response.body();
        String seen = response.request().method() + " " + response.uri().getRawPath() + " answered "
                + response.statusCode() + " "
                + response.headers().firstValue("Content-Type").orElse("(no type)")
                + ": " + body;
        Assertions.assertEquals(status, response.statusCode(), seen);
        Assertions.assertTrue(
                response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), seen);
        Assertions.assertFalse(body.contains("<html") || body.contains("<!doctype"), "HTML in " + seen);
        Assertions.assertFalse(body.contains("\tat ") || body.contains("Exception"), "a stack trace in " + seen);
        JsonNode problem;
        try {
            problem = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new AssertionError("not JSON: " + seen, e);
        }
        Assertions.assertTrue(problem.isObject(), seen);
        Assertions.assertTrue(problem.path("status").isInt(), "no status in " + seen);
        Assertions.assertEquals(status, problem.path("status").intValue(), seen);
        JsonNode title = problem.path("title");
        Assertions.assertTrue(title.isString() && !title.asString().isBlank(), "no title in " + seen);
        return problem;
    }

    /**
     * The light check every service runs: an unknown path asked without a token (401, from the service's security
     * chain), the same with a token that passes it (404), and a method the path does not support (405) are all
     * answered with problem details.
     *
     * @param authorization an {@code Authorization} header value with a role that may call {@code path}
     * @param wrongMethod a method {@code path} does not support, e.g. {@code DELETE}
     * @param path an existing path of the service
     */
    public static void assertBadPathAndWrongMethodAnswerProblems(
            int port, String authorization, String wrongMethod, String path) {
        String unknown = "/api/no-such-resource-" + System.nanoTime();
        assertProblem(send(port, null, "GET", unknown), 401);
        assertProblem(send(port, authorization, "GET", unknown), 404);
        assertProblem(send(port, authorization, wrongMethod, path), 405);
    }

    /** Sends a request without a body, with the {@code Authorization} header unless it is null. */
    public static HttpResponse<String> send(int port, @Nullable String authorization, String method, String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder.build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + path, e);
        }
    }
}

package dev.ota.platform;

import static dev.ota.testsupport.ProblemResponses.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.testsupport.TestTokens;
import dev.ota.testsupport.WithRealInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Every error, from Spring MVC, Spring Security, the servlet container's error page or Tomcat itself, is an RFC 9457
 * problem detail ({@code application/problem+json}) through a real HTTP call: never HTML, never a stack trace.
 */
// The same configuration as SecurityIntegrationTests: one application context for both.
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "spring.cloud.stream.bindings.probeImages-in-0.consumer.auto-startup=false")
@WithRealInfrastructure(database = "support_probe")
class ProblemDetailsIntegrationTests {

    private static final String ENGINEER = TestTokens.authorization("rita", "RELEASE_ENGINEER");

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anUnknownPathIsANotFoundProblem() throws Exception {
        JsonNode problem = assertProblem(send("GET", "/api/nothing-here", ENGINEER, null, null), 404);
        assertThat(problem.path("instance").asString()).isEqualTo("/api/nothing-here");
    }

    @Test
    void anUnknownPathWithoutATokenIsAnUnauthorizedProblemWithTheBearerChallenge() throws Exception {
        HttpResponse<String> response = send("GET", "/api/nothing-here", null, null, null);
        assertProblem(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
    }

    @Test
    void aForgedTokenIsAnUnauthorizedProblem() throws Exception {
        String token = TestTokens.bearer("mallory", "RELEASE_ENGINEER");
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
        assertProblem(send("GET", "/api/probe", "Bearer " + forged, null, null), 401);
    }

    @Test
    void aTokenIssuedForAnotherServiceIsAnUnauthorizedProblem() throws Exception {
        String forAudit = TestTokens.bearerFor(List.of("audit-service"), "rita", "RELEASE_ENGINEER");
        assertProblem(send("GET", "/api/probe", "Bearer " + forAudit, null, null), 401);
    }

    @Test
    void theWrongRoleIsAForbiddenProblem() throws Exception {
        assertProblem(send("GET", "/api/probe", TestTokens.authorization("carl", "CI_PIPELINE"), null, null), 403);
    }

    @Test
    void aMethodThePathDoesNotSupportIsAMethodNotAllowedProblemNamingTheAllowedOnes() throws Exception {
        HttpResponse<String> response = send("DELETE", "/api/probe", ENGINEER, null, null);
        assertProblem(response, 405);
        assertThat(response.headers().firstValue("Allow"))
                .hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
    }

    @Test
    void aBodyOfAnUnsupportedTypeIsAnUnsupportedMediaTypeProblem() throws Exception {
        assertProblem(send("POST", "/api/probe/echo", ENGINEER, "text/plain", BodyPublishers.ofString("hi")), 415);
    }

    @Test
    void anAnswerTheClientDoesNotAcceptIsANotAcceptableProblem() throws Exception {
        HttpRequest request = request("GET", "/api/probe", ENGINEER, null, BodyPublishers.noBody())
                .header("Accept", "image/png")
                .build();
        assertProblem(http.send(request, HttpResponse.BodyHandlers.ofString()), 406);
    }

    @Test
    void malformedJsonIsABadRequestProblem() throws Exception {
        assertProblem(
                send("POST", "/api/probe/echo", ENGINEER, "application/json", BodyPublishers.ofString("{\"text\": ")),
                400);
    }

    @Test
    void anUploadOverTheLimitIsAContentTooLargeProblem() throws Exception {
        String boundary = "probe-boundary";
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + "x".repeat(8 * 1024) + "\r\n"
                + "--" + boundary + "--\r\n";
        assertProblem(
                send(
                        "POST",
                        "/api/probe/upload",
                        ENGINEER,
                        "multipart/form-data; boundary=" + boundary,
                        BodyPublishers.ofString(body)),
                413);
    }

    @Test
    void aBugIsAnInternalErrorProblemWithoutItsMessage() throws Exception {
        HttpResponse<String> response = send("GET", "/api/probe/bug", ENGINEER, null, null);
        assertProblem(response, 500);
        assertThat(response.body()).doesNotContain(ProbeApplication.INTERNAL_SECRET, "IllegalStateException");
    }

    @Test
    void aPathTheFirewallRefusesIsABadRequestProblemFromTheErrorPage() throws Exception {
        assertProblem(send("GET", "/api//probe", ENGINEER, null, null), 400);
    }

    @Test
    void theErrorPageAskedForDirectlyIsANotFoundProblem() throws Exception {
        assertProblem(send("GET", "/error", null, null, null), 404);
    }

    /** A request line Tomcat refuses before any servlet sees it: Tomcat's own answer is a problem detail too. */
    @Test
    void aRequestLineTomcatRefusesIsABadRequestProblem() throws Exception {
        String answer;
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/probe{x} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            answer = readAll(socket.getInputStream());
        }
        assertThat(answer).startsWith("HTTP/1.1 400");
        String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase();
        assertThat(head).contains("content-type: application/problem+json");
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        assertThat(body).doesNotContain("<html", "Exception").contains("\"status\":400", "\"title\":\"Bad Request\"");
    }

    private static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(
            String method, String path, String authorization, String contentType, BodyPublisher body) throws Exception {
        HttpRequest request = request(
                        method, path, authorization, contentType, body == null ? BodyPublishers.noBody() : body)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(
            String method, String path, String authorization, String contentType, BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return request;
    }
}

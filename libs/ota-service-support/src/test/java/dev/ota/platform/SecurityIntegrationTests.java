package dev.ota.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.testsupport.TestTokens;
import dev.ota.testsupport.WithRealInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

// This context does not consume: the consumer tests' context is then the only member of the probe's consumer group.
@SpringBootTest(
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "spring.cloud.stream.bindings.probeImages-in-0.consumer.auto-startup=false")
@WithRealInfrastructure(database = "support_probe")
class SecurityIntegrationTests {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void refusesRequestsWithoutAToken() throws Exception {
        assertThat(get("/api/probe", null).statusCode()).isEqualTo(401);
    }

    @Test
    void refusesATokenWithTheWrongRole() throws Exception {
        assertThat(get("/api/probe", TestTokens.authorization("carl", "CI_PIPELINE"))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void refusesATokenIssuedForAnotherService() throws Exception {
        String forAudit = TestTokens.bearerFor(List.of("audit-service"), "rita", "RELEASE_ENGINEER");
        String forNobody = TestTokens.bearerFor(List.of(), "rita", "RELEASE_ENGINEER");

        assertThat(get("/api/probe", "Bearer " + forAudit).statusCode()).isEqualTo(401);
        assertThat(get("/api/probe", "Bearer " + forNobody).statusCode()).isEqualTo(401);
        assertThat(get(
                                "/api/probe",
                                "Bearer "
                                        + TestTokens.bearerFor(
                                                List.of("audit-service", "support-probe"), "rita", "RELEASE_ENGINEER"))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void refusesATokenSignedByAnotherKey() throws Exception {
        String token = TestTokens.bearer("mallory", "RELEASE_ENGINEER");
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        assertThat(get("/api/probe", "Bearer " + forged).statusCode()).isEqualTo(401);
    }

    @Test
    void servesTheRightRole() throws Exception {
        HttpResponse<String> response = get("/api/probe", TestTokens.authorization("rita", "RELEASE_ENGINEER"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"ok\"");
    }

    @Test
    void healthProbesAreOpenButMetricsAreNot() throws Exception {
        HttpResponse<String> readiness = get("/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("UP");
        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
        HttpResponse<String> metrics = get("/actuator/prometheus", TestTokens.authorization("ops", "ADMIN"));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("ota_outbox_pending");
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

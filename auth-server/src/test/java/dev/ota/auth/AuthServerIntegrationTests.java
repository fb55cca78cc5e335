package dev.ota.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class AuthServerIntegrationTests {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void ciClientGetsATokenCarryingItsRole() throws Exception {
        HttpResponse<String> response = token("ci-pipeline", "ci-secret");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JsonMapper.builder().build().readTree(response.body());
        SignedJWT jwt = SignedJWT.parse(body.get("access_token").asString());
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("CI_PIPELINE");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("ci-pipeline");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("signing-service");
    }

    @Test
    void theSimulatorClientMayOnlyProvisionVehicles() throws Exception {
        HttpResponse<String> response = token("vehicle-simulator", "simulator-secret");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JsonMapper.builder().build().readTree(response.body());
        SignedJWT jwt = SignedJWT.parse(body.get("access_token").asString());
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("VEHICLE_PROVISIONER");
    }

    @Test
    void theWitnessClientMayOnlyWitness() throws Exception {
        HttpResponse<String> response = token("audit-witness", "witness-secret");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JsonMapper.builder().build().readTree(response.body());
        SignedJWT jwt = SignedJWT.parse(body.get("access_token").asString());
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("WITNESS");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("audit-service");
    }

    @Test
    void wrongClientSecretIsRefused() throws Exception {
        assertThat(token("ci-pipeline", "guess").statusCode()).isEqualTo(401);
    }

    @Test
    void publishesItsSigningKeysAndDiscoveryDocument() throws Exception {
        HttpResponse<String> jwks = get("/oauth2/jwks");
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.body()).contains("\"kty\":\"RSA\"");
        HttpResponse<String> discovery = get("/.well-known/openid-configuration");
        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(discovery.body()).contains("token_endpoint");
    }

    @Test
    void healthIsOpenAndTheLoginPageIsServed() throws Exception {
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        HttpResponse<String> login = get("/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("password");
    }

    private HttpResponse<String> token(String client, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((client + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/oauth2/token"))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

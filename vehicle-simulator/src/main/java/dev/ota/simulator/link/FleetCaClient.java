package dev.ota.simulator.link;

import dev.ota.contracts.EventCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The fleet CA's REST API ({@code POST <fleet-ca-url>certificates}), called with a client-credentials token of the
 * simulator's own client, whose only role is VEHICLE_PROVISIONER. The token is kept until shortly before it expires.
 */
final class FleetCaClient implements CertificateAuthority {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ProvisioningProperties properties;
    private @Nullable String token;
    private Instant tokenExpires = Instant.EPOCH;

    FleetCaClient(ProvisioningProperties properties) {
        this.properties = properties;
    }

    @Override
    public Batch issue(List<String> csrs) {
        byte[] body = EventCodec.mapper().writeValueAsBytes(Map.of("csrs", csrs));
        HttpResponse<String> response = post(body, token());
        if (response.statusCode() == 401) {
            forgetToken();
            response = post(body, token());
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the fleet CA answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode json = EventCodec.mapper().readTree(response.body());
        List<Answer> answers = new ArrayList<>();
        for (JsonNode issued : json.path("certificates")) {
            String pem = text(issued.path("certificate"));
            answers.add(new Answer(pem == null ? null : certificate(pem), text(issued.path("refused"))));
        }
        return new Batch(certificate(json.path("caCertificate").asString()), answers);
    }

    private HttpResponse<String> post(byte[] body, String bearer) {
        HttpRequest request = HttpRequest.newBuilder(properties.fleetCaUrl().resolve("certificates"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return send(request);
    }

    private synchronized String token() {
        if (token != null && Instant.now().isBefore(tokenExpires)) {
            return token;
        }
        String basic = Base64.getEncoder()
                .encodeToString(
                        (properties.clientId() + ":" + properties.clientSecret()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = send(HttpRequest.newBuilder(properties.tokenUrl())
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "no token for " + properties.clientId() + ": " + response.statusCode() + " " + response.body());
        }
        JsonNode json = EventCodec.mapper().readTree(response.body());
        String fresh = json.path("access_token").asString();
        tokenExpires =
                Instant.now().plusSeconds(Math.max(0, json.path("expires_in").asLong(60) - 30));
        token = fresh;
        return fresh;
    }

    private synchronized void forgetToken() {
        token = null;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static @Nullable String text(JsonNode node) {
        return node.isString() ? node.asString() : null;
    }

    static X509Certificate certificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the fleet CA sent something that is not a certificate", e);
        }
    }
}

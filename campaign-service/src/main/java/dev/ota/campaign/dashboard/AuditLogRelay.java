package dev.ota.campaign.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Relays the dashboard's audit reads to audit-service with the signed-in person's own access token (token relay, no
 * credential of this service): audit-service checks the person's roles itself. The answer is passed on byte for byte,
 * refusals included, so the page verifies exactly what the audit log served.
 */
@Component
class AuditLogRelay {

    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Duration READ = Duration.ofSeconds(30);

    private final RestClient http;
    private final String auditUrl;
    private final JsonMapper json;

    AuditLogRelay(@Value("${ota.campaign.dashboard.audit-url}") String auditUrl, JsonMapper json) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(CONNECT).build());
        requests.setReadTimeout(READ);
        this.http = RestClient.builder().requestFactory(requests).build();
        this.auditUrl = auditUrl;
        this.json = json;
    }

    /** The vehicle's evidence bundle (JSON Lines: entries, inclusion proofs, the signed checkpoint). */
    ResponseEntity<byte[]> vehicleBundle(String vin, String accessToken) {
        return get(
                UriComponentsBuilder.fromUriString(auditUrl)
                        .path("/api/audit/exports/vehicles/{vin}")
                        .queryParam("format", "jsonl")
                        .build(vin),
                accessToken);
    }

    /** The log's checkpoint verifier key. */
    ResponseEntity<byte[]> checkpointKey(String accessToken) {
        return get(URI.create(auditUrl + "/api/audit/checkpoints/key"), accessToken);
    }

    private ResponseEntity<byte[]> get(URI uri, String accessToken) {
        try {
            return http.get()
                    .uri(uri)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken)
                    .exchange((request, response) -> {
                        MediaType type = response.getHeaders().getContentType();
                        return ResponseEntity.status(response.getStatusCode())
                                .contentType(type == null ? MediaType.APPLICATION_OCTET_STREAM : type)
                                .body(response.getBody().readAllBytes());
                    });
        } catch (ResourceAccessException unreachable) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.BAD_GATEWAY, "audit-service at " + auditUrl + " did not answer");
            problem.setType(URI.create("https://ota.dev/problems/audit-unavailable"));
            problem.setTitle("Audit log unavailable");
            return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(json.writeValueAsBytes(problem));
        }
    }
}

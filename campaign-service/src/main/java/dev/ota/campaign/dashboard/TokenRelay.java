package dev.ota.campaign.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Relays the dashboard's reads of other services (audit-service, signing-service) with the signed-in person's own
 * access token (token relay, no credential of this service): the other service checks the person's roles itself. The
 * answer is passed on byte for byte, refusals included, so the page sees exactly what that service served.
 */
@Component
class TokenRelay {

    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Duration READ = Duration.ofSeconds(30);

    private final RestClient http;
    private final JsonMapper json;

    TokenRelay(JsonMapper json) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(CONNECT).build());
        requests.setReadTimeout(READ);
        this.http = RestClient.builder().requestFactory(requests).build();
        this.json = json;
    }

    /** GETs {@code uri} as the person; a service that does not answer is a 502 problem naming it. */
    ResponseEntity<byte[]> get(String service, URI uri, String accessToken) {
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
                    HttpStatus.BAD_GATEWAY,
                    service + " at " + uri.getScheme() + "://" + uri.getAuthority() + " did not answer");
            problem.setType(URI.create("https://ota.dev/problems/service-unavailable"));
            problem.setTitle(service + " unavailable");
            return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(json.writeValueAsBytes(problem));
        }
    }
}

package dev.ota.campaign;

import dev.ota.testsupport.TestTokens;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The service's REST API over real HTTP, as a given person with given roles. */
public final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient client;

    public Api(int port) {
        this.client = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {})
                .build();
    }

    /** A response: status and JSON body. */
    public record Reply(int status, JsonNode body) {

        public String text(String field) {
            return body.path(field).asString("");
        }
    }

    public Reply post(String who, String role, String path, Object body) {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        return client.post()
                .uri(path)
                .header("Authorization", TestTokens.authorization(who, role))
                .contentType(MediaType.APPLICATION_JSON)
                .body(json)
                .exchange((request, response) ->
                        new Reply(response.getStatusCode().value(), read(response.bodyTo(String.class))));
    }

    public Reply get(String who, String role, String path) {
        return client.get()
                .uri(path)
                .header("Authorization", TestTokens.authorization(who, role))
                .exchange((request, response) ->
                        new Reply(response.getStatusCode().value(), read(response.bodyTo(String.class))));
    }

    public Reply anonymous(String path) {
        return client.get()
                .uri(path)
                .exchange((request, response) ->
                        new Reply(response.getStatusCode().value(), read(response.bodyTo(String.class))));
    }

    public static Map<String, Object> reason(String reason) {
        return Map.of("reason", reason);
    }

    private static JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            return JSON.createObjectNode().put("raw", body);
        }
    }
}

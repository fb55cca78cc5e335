package dev.ota.health;

import dev.ota.contracts.EventCodec;
import dev.ota.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;

/** Calls the service's REST API as a user with a role would. */
public record HealthApi(int port) {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public HttpResponse<String> get(String path, String... roles) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (roles.length > 0) {
            request.header("Authorization", TestTokens.authorization("tester", roles));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public JsonNode json(String path) {
        HttpResponse<String> response = get(path, "FLEET_OPS");
        if (response.statusCode() != 200) {
            throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return EventCodec.mapper().readTree(response.body());
    }

    /** The counters of one cohort of a stage, or null when the stage has none yet. */
    public JsonNode cohort(java.util.UUID campaignId, int stage, String cohort) {
        HttpResponse<String> response = get("/api/health/campaigns/" + campaignId + "/stages/" + stage, "AUDITOR");
        if (response.statusCode() == 404) {
            return null;
        }
        for (JsonNode node : EventCodec.mapper().readTree(response.body()).get("cohorts")) {
            if (node.get("cohort").asString().equals(cohort)) {
                return node;
            }
        }
        return null;
    }
}

package dev.ota.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.contracts.EventCodec;
import dev.ota.simulator.fleet.AttackScenario;
import dev.ota.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

class FleetControlIntegrationTests extends SimulatorIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void createsAFleetWhoseVehiclesConnectAndCanBeReadBack() throws Exception {
        var created = call("POST", "/api/v1/fleet", """
                {"count": 3, "models": ["Model-X1"], "regions": ["EU-North"], "secondaries": 3,
                 "drivingShare": 0, "minBattery": 80}""", "FLEET_OPS");
        assertThat(created.statusCode()).isEqualTo(202);
        JsonNode body = json(created);
        assertThat(body.path("added").asInt()).isEqualTo(3);
        String vin = body.path("vins").get(0).asString();

        await().atMost(WAIT)
                .until(() -> json(call("GET", "/api/v1/fleet/vehicles/" + vin, null, "FLEET_OPS"))
                        .path("online")
                        .asBoolean());
        JsonNode vehicle = json(call("GET", "/api/v1/fleet/vehicles/" + vin, null, "ADMIN"));
        assertThat(vehicle.path("model").asString()).isEqualTo("Model-X1");
        assertThat(vehicle.path("region").asString()).isEqualTo("EU-North");
        assertThat(vehicle.path("ecus").size()).isEqualTo(4);
        assertThat(vehicle.path("ecus").get(0).path("primary").asBoolean()).isTrue();
        assertThat(vehicle.path("ecus").get(1).path("verification").asString()).isEqualTo("PARTIAL");
        assertThat(vehicle.path("batteryPercent").asInt()).isGreaterThanOrEqualTo(80);
        assertThat(json(call("GET", "/api/v1/fleet", null, "FLEET_OPS"))
                        .path("vehicles")
                        .asInt())
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void aFleetAddedOfflineStaysOffTheNetworkUntilEachVehicleIsSetOnline() throws Exception {
        String offline = json(call("POST", "/api/v1/fleet", """
                        {"count": 1, "drivingShare": 0, "online": false}""", "FLEET_OPS"))
                .path("vins")
                .get(0)
                .asString();
        String connecting = json(call("POST", "/api/v1/fleet", """
                        {"count": 1, "drivingShare": 0}""", "FLEET_OPS"))
                .path("vins")
                .get(0)
                .asString();
        await().atMost(WAIT).until(() -> online(connecting));
        assertThat(online(offline))
                .as("added offline: not connected while a vehicle added after it is")
                .isFalse();

        var brought = call("PATCH", "/api/v1/fleet/vehicles/" + offline, """
                {"online": true}""", "FLEET_OPS");
        assertThat(brought.statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> online(offline));
    }

    private boolean online(String vin) throws Exception {
        return json(call("GET", "/api/v1/fleet/vehicles/" + vin, null, "FLEET_OPS"))
                .path("online")
                .asBoolean();
    }

    @Test
    void changesAVehiclesStateAndAttackThroughTheApi() throws Exception {
        var vehicle = parkedVehicle();
        var changed = call("PATCH", "/api/v1/fleet/vehicles/" + vehicle.vin(), """
                {"driving": true, "batteryPercent": 42, "attack": "BAD_SIGNATURE"}""", "FLEET_OPS");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(vehicle.driving()).isTrue();
        assertThat(vehicle.batteryPercent()).isEqualTo(42);
        assertThat(vehicle.attack()).isEqualTo(AttackScenario.BAD_SIGNATURE);
    }

    @Test
    void setsAFaultProfileForAnImageVersion() throws Exception {
        var set = call("PUT", "/api/v1/fleet/faults/9.9.9", """
                {"bootFailure": 0.2, "appCrash": 0.1, "dtcStorm": 0, "corruptDownload": 0, "slowDownload": 0,
                 "offlineMidUpdate": 0, "neverReports": 0}""", "ADMIN");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(faults.all().get("9.9.9").bootFailure()).isEqualTo(0.2);
    }

    @Test
    void refusesCallsWithoutATokenOrWithTheWrongRole() throws Exception {
        assertThat(call("GET", "/api/v1/fleet", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/v1/fleet", null, "AUDITOR").statusCode()).isEqualTo(403);
        assertThat(call("PUT", "/api/v1/fleet/trust", "{\"imageRoot\":\"{}\",\"directorRoot\":\"{}\"}", "FLEET_OPS")
                        .statusCode())
                .as("only administrators provision trust roots")
                .isEqualTo(403);
    }

    @Test
    void answersBadInputWithAProblemDetailThatSaysWhatIsWrong() throws Exception {
        var badCount = call("POST", "/api/v1/fleet", "{\"count\": 0}", "FLEET_OPS");
        assertThat(badCount.statusCode()).isEqualTo(400);
        assertThat(json(badCount).path("detail").asString()).contains("count must be at least 1");

        var badRate = call("PUT", "/api/v1/fleet/faults/1.0.0", """
                {"bootFailure": 1.5, "appCrash": 0, "dtcStorm": 0, "corruptDownload": 0, "slowDownload": 0,
                 "offlineMidUpdate": 0, "neverReports": 0}""", "ADMIN");
        assertThat(badRate.statusCode()).isEqualTo(400);
        assertThat(json(badRate).path("detail").asString()).contains("probabilities within 0..1");

        var unknown = call("GET", "/api/v1/fleet/vehicles/SMU00000000000000", null, "FLEET_OPS");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("detail").asString()).isEqualTo("no simulated vehicle SMU00000000000000");
    }

    private HttpResponse<String> call(String method, String path, String body, String role) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (role != null) {
            request.header("Authorization", TestTokens.authorization("ops-" + role.toLowerCase(), role));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return EventCodec.mapper().readTree(response.body());
    }
}

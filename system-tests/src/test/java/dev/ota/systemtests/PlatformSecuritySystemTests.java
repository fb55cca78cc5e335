package dev.ota.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The running platform: every process up, every API closed without a token, roles enforced with real tokens. */
class PlatformSecuritySystemTests {

    @Test
    void everyServiceIsReadyAndItsProbesAreOpen() {
        for (String service : RunningPlatform.SERVICES) {
            HttpResponse<String> readiness =
                    Http.get(RunningPlatform.get().url(service) + "/actuator/health/readiness", null);
            assertThat(readiness.statusCode()).as(service).isEqualTo(200);
            assertThat(readiness.body()).as(service).contains("UP");
        }
    }

    @Test
    void everyServiceRefusesItsApiWithoutAToken() {
        for (String service : RunningPlatform.SERVICES) {
            if (service.equals("auth-server")) {
                continue;
            }
            HttpResponse<String> metrics = Http.get(RunningPlatform.get().url(service) + "/actuator/prometheus", null);
            assertThat(metrics.statusCode()).as(service).isEqualTo(401);
        }
        assertThat(Http.get(RunningPlatform.get().url("campaign-service") + "/api/campaigns", null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(Http.get(RunningPlatform.get().url("signing-service") + "/api/images", null)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void tokensFromTheAuthorizationServerAreAcceptedAndRolesAreEnforced() {
        String ci = Http.token("ci-pipeline", "ci-secret");
        String admin = Http.token("demo-admin", "admin-demo");

        assertThat(Http.get(RunningPlatform.get().url("signing-service") + "/api/images", ci)
                        .statusCode())
                .isEqualTo(200);
        assertThat(Http.postJson(RunningPlatform.get().url("campaign-service") + "/api/campaigns", ci, "{}")
                        .statusCode())
                .as("a CI pipeline's token is meant for signing-service only (aud), so campaign-service refuses it")
                .isEqualTo(401);
        for (String service : RunningPlatform.SERVICES) {
            if (service.equals("auth-server")) {
                continue;
            }
            assertThat(Http.get(RunningPlatform.get().url(service) + "/actuator/prometheus", admin)
                            .statusCode())
                    .as("metrics of %s for an admin", service)
                    .isEqualTo(200);
        }
    }
}

package dev.ota.health.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.health.HealthApi;
import dev.ota.testsupport.WithRealInfrastructure;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure(database = "health")
class StageHealthApiIntegrationTests {

    @LocalServerPort
    int port;

    private HealthApi api() {
        return new HealthApi(port);
    }

    @Test
    void refusesAnonymousCallers() {
        assertThat(api().get("/api/health/campaigns/" + UUID.randomUUID() + "/stages/1")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void refusesRolesThatDoNotWatchCampaigns() {
        assertThat(api().get("/api/health/campaigns/" + UUID.randomUUID() + "/stages/1/failures", "CI_PIPELINE")
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void letsOperatorsEngineersAuditorsAndAdminsRead() {
        for (String role : new String[] {"FLEET_OPS", "RELEASE_ENGINEER", "AUDITOR", "ADMIN"}) {
            assertThat(api().get("/api/health/campaigns/" + UUID.randomUUID() + "/stages/1/verdicts", role)
                            .statusCode())
                    .as(role)
                    .isEqualTo(200);
        }
    }

    @Test
    void answersAnUnknownStageWithANotFoundProblem() {
        HttpResponse<String> response =
                api().get("/api/health/campaigns/" + UUID.randomUUID() + "/stages/3", "AUDITOR");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("no health data for stage 3");
    }

    @Test
    void answersMalformedInputWithABadRequestProblem() {
        HttpResponse<String> badId = api().get("/api/health/campaigns/not-a-uuid/stages/1", "AUDITOR");
        HttpResponse<String> negativeStage =
                api().get("/api/health/campaigns/" + UUID.randomUUID() + "/stages/-1", "AUDITOR");
        HttpResponse<String> badCohort = api().get(
                        "/api/health/campaigns/" + UUID.randomUUID() + "/stages/1/timeline?cohort=everything",
                        "AUDITOR");

        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(negativeStage.statusCode()).isEqualTo(400);
        assertThat(badCohort.statusCode()).isEqualTo(400);
        assertThat(negativeStage.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }
}

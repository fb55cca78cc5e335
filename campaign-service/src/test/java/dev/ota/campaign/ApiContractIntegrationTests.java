package dev.ota.campaign;

import dev.ota.testsupport.OpenApiContract;
import dev.ota.testsupport.ProblemResponses;
import dev.ota.testsupport.TestTokens;
import dev.ota.testsupport.WithRealInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The API as a contract: the OpenAPI document the service serves is the committed docs/api/campaign-service.json, and
 * errors outside any controller are problem details. Same configuration as CampaignLifecycleIntegrationTests: the same
 * application context.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure(database = "campaign")
class ApiContractIntegrationTests {

    @LocalServerPort
    int port;

    @Test
    void servesTheCommittedOpenApiDocument() {
        OpenApiContract.assertMatchesCommitted(port, "campaign-service");
    }

    @Test
    void answersAnUnknownPathAndAWrongMethodWithProblemDetails() {
        ProblemResponses.assertBadPathAndWrongMethodAnswerProblems(
                port, TestTokens.authorization("olga", "FLEET_OPS"), "GET", "/api/targeting/preview");
    }
}

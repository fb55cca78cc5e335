package dev.ota.gateway;

import dev.ota.testsupport.OpenApiContract;
import dev.ota.testsupport.ProblemResponses;
import dev.ota.testsupport.TestTokens;
import dev.ota.testsupport.WithRealInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The API as a contract: the OpenAPI document the service serves is the committed docs/api/device-gateway.json, and
 * errors outside any controller are problem details. Same configuration as DirectorAskRelayIntegrationTests: the same
 * application context. The gateway has no REST API of its own (its document has no paths): the wrong method is asked
 * of the document itself.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure(database = "gateway")
class ApiContractIntegrationTests {

    @LocalServerPort
    int port;

    @Test
    void servesTheCommittedOpenApiDocument() {
        OpenApiContract.assertMatchesCommitted(port, "device-gateway");
    }

    @Test
    void answersAnUnknownPathAndAWrongMethodWithProblemDetails() {
        ProblemResponses.assertBadPathAndWrongMethodAnswerProblems(
                port, TestTokens.authorization("admin", "ADMIN"), "DELETE", "/v3/api-docs");
    }
}

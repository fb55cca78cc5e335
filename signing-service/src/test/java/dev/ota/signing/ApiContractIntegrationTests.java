package dev.ota.signing;

import dev.ota.testsupport.OpenApiContract;
import dev.ota.testsupport.ProblemResponses;
import dev.ota.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * The API as a contract: the OpenAPI document the service serves is the committed docs/api/signing-service.json, and
 * errors outside any controller are problem details. The shared SigningServiceIntegrationTest set-up: the same
 * application context.
 */
class ApiContractIntegrationTests extends SigningServiceIntegrationTest {

    @Test
    void servesTheCommittedOpenApiDocument() {
        OpenApiContract.assertMatchesCommitted(port, "signing-service");
    }

    @Test
    void answersAnUnknownPathAndAWrongMethodWithProblemDetails() {
        ProblemResponses.assertBadPathAndWrongMethodAnswerProblems(
                port, TestTokens.authorization("rita", "RELEASE_ENGINEER"), "DELETE", "/api/images");
    }
}

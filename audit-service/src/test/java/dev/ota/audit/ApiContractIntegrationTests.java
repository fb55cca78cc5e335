package dev.ota.audit;

import dev.ota.testsupport.OpenApiContract;
import dev.ota.testsupport.ProblemResponses;
import dev.ota.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The API as a contract: the OpenAPI document the service serves is the committed docs/api/audit-service.json, and
 * errors outside any controller are problem details. The shared @AuditServiceTest configuration: the same application
 * context.
 */
@AuditServiceTest
class ApiContractIntegrationTests {

    @LocalServerPort
    int port;

    @Test
    void servesTheCommittedOpenApiDocument() {
        OpenApiContract.assertMatchesCommitted(port, "audit-service");
    }

    @Test
    void answersAnUnknownPathAndAWrongMethodWithProblemDetails() {
        ProblemResponses.assertBadPathAndWrongMethodAnswerProblems(
                port, TestTokens.authorization("audrey", "AUDITOR"), "DELETE", "/api/audit/tree-head");
    }
}

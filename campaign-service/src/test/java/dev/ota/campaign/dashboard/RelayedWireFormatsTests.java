package dev.ota.campaign.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stand-ins of the browser tests answer in the wire formats the other services publish (their committed OpenAPI
 * documents in docs/api), so a renamed or removed field there fails here rather than only in the running platform.
 */
class RelayedWireFormatsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Set<String> schemaFields(String document, String schema) throws Exception {
        JsonNode api = JSON.readTree(Files.readString(Path.of("..", "docs", "api", document)));
        return keys(api.path("components").path("schemas").path(schema).path("properties"));
    }

    private static Set<String> keys(JsonNode object) {
        return Set.copyOf(JSON.convertValue(object, Map.class).keySet());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSigningServiceStandInAnswersImagesAndTheirSignaturesWithEveryPublishedField() throws Exception {
        Set<String> published = schemaFields("signing-service.json", "ImageView");
        Set<String> signature = schemaFields("signing-service.json", "ImageSignature");
        assertThat(published).contains("signatures");
        assertThat(signature).isNotEmpty();
        for (Map<String, Object> image : SigningServiceStandIn.images()) {
            assertThat(Set.copyOf(image.keySet())).isEqualTo(published);
            for (Map<String, Object> signed : (List<Map<String, Object>>) image.get("signatures")) {
                assertThat(Set.copyOf(signed.keySet())).isEqualTo(signature);
            }
        }
    }

    @Test
    void theAuditLogStandInAnswersTheCheckpointKeyWithEveryPublishedField() throws Exception {
        Set<String> published = schemaFields("audit-service.json", "KeyView");
        assertThat(published).isNotEmpty();
        try (AuditLogStandIn log = AuditLogStandIn.start()) {
            assertThat(keys(JSON.readTree(log.keyView()))).isEqualTo(published);
        }
    }
}

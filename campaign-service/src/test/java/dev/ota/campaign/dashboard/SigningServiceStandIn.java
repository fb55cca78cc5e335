package dev.ota.campaign.dashboard;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stands in for signing-service's {@code GET /api/images}, in its wire format (the {@code ImageRecord} of the committed
 * OpenAPI document, which {@code RelayedWireFormatsTests} checks): one image released, re-released, revoked and staged.
 */
final class SigningServiceStandIn implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RecordingHttpServer server;

    private SigningServiceStandIn(RecordingHttpServer server) {
        this.server = server;
    }

    static SigningServiceStandIn start() throws IOException {
        RecordingHttpServer server = new RecordingHttpServer();
        server.answer("/api/images", path -> JSON.writeValueAsString(images()));
        return new SigningServiceStandIn(server);
    }

    String url() {
        return server.url();
    }

    List<String> tokens() {
        return server.tokens();
    }

    /** The image list: 1.0 released and re-released as 1.0-rerelease.50, 1.1 revoked, 1.2 staged by a supplier. */
    static List<Map<String, Object>> images() {
        return List.of(
                image("1.0", 40, Map.of(), "ci", "RELEASED", "ci-pipeline"),
                image("1.1", 41, Map.of(), "ci", "REVOKED", "ci-pipeline"),
                image("1.2", 42, Map.of(), "supplier-acme", "SIGNED", "acme-ci"),
                image(
                        "1.0-rerelease.50",
                        50,
                        Map.of("rereleaseOf", "cockpit/cockpit-1.0.bin"),
                        "ci",
                        "SIGNED",
                        "rita"));
    }

    private static Map<String, Object> image(
            String version,
            long releaseCounter,
            Map<String, String> custom,
            String stagingRole,
            String status,
            String uploadedBy) {
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("name", "cockpit");
        image.put("version", version);
        image.put("targetPath", "cockpit/cockpit-" + version + ".bin");
        image.put("length", 4096);
        image.put("sha256", "c0ffee".repeat(10) + "abcd");
        image.put("sha512", "c0ffee".repeat(21) + "ab");
        image.put("hardwareIds", List.of("cockpit-hw-3"));
        image.put("releaseCounter", releaseCounter);
        image.put("custom", custom);
        image.put("stagingRole", stagingRole);
        image.put("status", status);
        image.put("uploadedBy", uploadedBy);
        return image;
    }

    @Override
    public void close() {
        server.close();
    }
}

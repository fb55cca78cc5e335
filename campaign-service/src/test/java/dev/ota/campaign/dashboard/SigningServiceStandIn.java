package dev.ota.campaign.dashboard;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stands in for signing-service's {@code GET /api/images}, in its wire format (the {@code ImageView} and
 * {@code ImageSignature} of the committed OpenAPI document, which {@code RelayedWireFormatsTests} checks): one image
 * released, re-released, revoked and staged, with who signed each.
 */
final class SigningServiceStandIn implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The key ids of the stand-in's signatures: the online CI key, a supplier's, and rita's release key. */
    static final String CI_KEY = "c1c1c1c1c1c1" + "0".repeat(52);

    static final String SUPPLIER_KEY = "5a5a5a5a5a5a" + "0".repeat(52);
    static final String RITA_KEY = "7e7e7e7e7e7e" + "0".repeat(52);

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
                image(
                        "1.0",
                        40,
                        Map.of(),
                        "ci",
                        "RELEASED",
                        "ci-pipeline",
                        List.of(
                                signature("ci", "STAGED", "ci-pipeline", CI_KEY, "2026-03-02T09:00:00Z"),
                                signature("release", "RELEASED", "rita", RITA_KEY, "2026-03-02T10:15:00Z"),
                                signature("release", "RELEASED", "signing-service", CI_KEY, "2026-03-02T10:15:00Z"))),
                image(
                        "1.1",
                        41,
                        Map.of(),
                        "ci",
                        "REVOKED",
                        "ci-pipeline",
                        List.of(signature("ci", "STAGED", "ci-pipeline", CI_KEY, "2026-03-03T09:00:00Z"))),
                image(
                        "1.2",
                        42,
                        Map.of(),
                        "supplier-acme",
                        "SIGNED",
                        "acme-ci",
                        List.of(signature("supplier-acme", "STAGED", "acme-ci", SUPPLIER_KEY, "2026-03-04T09:00:00Z"))),
                image(
                        "1.0-rerelease.50",
                        50,
                        Map.of("rereleaseOf", "cockpit/cockpit-1.0.bin"),
                        "ci",
                        "SIGNED",
                        "rita",
                        List.of(signature("ci", "STAGED", "rita", CI_KEY, "2026-03-05T09:00:00Z"))));
    }

    private static Map<String, Object> signature(
            String role, String action, String principal, String keyId, String signedAt) {
        Map<String, Object> signature = new LinkedHashMap<>();
        signature.put("role", role);
        signature.put("action", action);
        signature.put("principal", principal);
        signature.put("keyId", keyId);
        signature.put("signedAt", signedAt);
        return signature;
    }

    private static Map<String, Object> image(
            String version,
            long releaseCounter,
            Map<String, String> custom,
            String stagingRole,
            String status,
            String uploadedBy,
            List<Map<String, Object>> signatures) {
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
        image.put("signatures", signatures);
        return image;
    }

    @Override
    public void close() {
        server.close();
    }
}

package dev.ota.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ota image list}: each image with its status and who signed it, as signing-service's release API says. */
class ImageListTests {

    private static final String IMAGES = "[{\"name\":\"ecm-fw\",\"version\":\"4.2.0\",\"status\":\"RELEASED\","
            + "\"releaseCounter\":7,\"signatures\":["
            + "{\"role\":\"ci\",\"action\":\"STAGED\",\"principal\":\"ci-pipeline\",\"keyId\":\"c1c1c1c1c1c1c1c1\","
            + "\"signedAt\":\"2026-03-02T09:00:00Z\"},"
            + "{\"role\":\"release\",\"action\":\"RELEASED\",\"principal\":\"rita\",\"keyId\":\"7e7e7e7e7e7e7e7e\","
            + "\"signedAt\":\"2026-03-02T10:15:00Z\"}]}]";

    @TempDir
    Path home;

    private final FakePlatform platform;

    ImageListTests() throws IOException {
        platform = new FakePlatform();
        platform.issuing("demo-auditor", "AUDITOR", 300);
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void listsEachImageWithWhoSignedItIntoWhichRoleWithWhichKeyAndWhen() {
        platform.on("GET /api/images", 200, IMAGES);
        FakePlatform.Captured cli = cli();

        assertThat(cli.run("image", "list", "--name", "ecm-fw"))
                .as(cli.err.toString())
                .isZero();

        assertThat(cli.out.toString())
                .isEqualTo("ecm-fw 4.2.0  RELEASED  release counter 7\n"
                        + "  signed: ci-pipeline staged into ci with key c1c1c1c1c1c1… at 2026-03-02T09:00:00Z\n"
                        + "  signed: rita released into release with key 7e7e7e7e7e7e… at 2026-03-02T10:15:00Z\n");
        assertThat(platform.requests.getLast().path()).isEqualTo("/api/images");
    }

    @Test
    void jsonIsTheServicesListAsIs() {
        platform.on("GET /api/images", 200, IMAGES);
        FakePlatform.Captured cli = cli();

        assertThat(cli.run("image", "list", "--output", "json")).isZero();

        assertThat(OutputOption.mapper().readTree(cli.out.toString()))
                .isEqualTo(OutputOption.mapper().readTree(IMAGES));
    }

    private FakePlatform.Captured cli() {
        Map<String, String> environment = new HashMap<>(platform.environment(home.resolve("ota")));
        environment.put("OTA_CLIENT_ID", "demo-auditor");
        environment.put("OTA_CLIENT_SECRET", "auditor-demo");
        return new FakePlatform.Captured(environment);
    }
}

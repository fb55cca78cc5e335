package dev.ota.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.Topics;
import dev.ota.contracts.events.ImageSigned;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.TestTokens;
import dev.ota.uptane.crypto.Hashing;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ImageUploadIntegrationTests extends SigningServiceIntegrationTest {

    private static byte[] image(int size, int seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void storesHashesAndSignsTheUploadIntoTheCiRoleAndAnnouncesIt() throws Exception {
        String name = "ecm-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] bytes = image(300_000, 1);

        var response = upload(name, "1.0.0", bytes, "hardwareId=ecm-hw&releaseCounter=3&custom.gitCommit=abc123");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        var body = json(response.body());
        assertThat(body).containsEntry("role", "ci").containsEntry("targetPath", name + "/" + name + "-1.0.0.bin");
        @SuppressWarnings("unchecked")
        var target = (Map<String, Object>) body.get("target");
        assertThat(target.get("length")).isEqualTo(300_000L);
        assertThat(target.get("hashes"))
                .isEqualTo(Map.of("sha256", Hashing.sha256Hex(bytes), "sha512", Hashing.sha512Hex(bytes)));
        assertThat(target.get("custom").toString()).contains("gitCommit=abc123", "releaseCounter=3", "ecm-hw");
        var event = KafkaTestClient.await(
                Topics.IMAGE_EVENTS,
                r -> name.equals(r.key())
                        && KafkaTestClient.eventOf(r, ImageSigned.class).isPresent(),
                Duration.ofSeconds(30));
        var signed = KafkaTestClient.eventOf(event, ImageSigned.class).orElseThrow();
        assertThat(signed.signedByRole()).isEqualTo("ci");
        assertThat(signed.hashes().get("sha256")).isEqualTo(Hashing.sha256Hex(bytes));
        assertThat(get("/repo/image/metadata/ci.json", null).body()).contains(name + "/" + name + "-1.0.0.bin");
    }

    @Test
    void uploadingTheSameImageAgainAnswersWithTheSameEntry() throws Exception {
        String name = "tcu-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] bytes = image(10_000, 2);
        var first = upload(name, "2.0.0", bytes, "hardwareId=tcu-hw&releaseCounter=1");

        var again = upload(name, "2.0.0", bytes, "hardwareId=tcu-hw&releaseCounter=1");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
    }

    @Test
    void sameNameAndVersionWithOtherBytesIsAConflict() throws Exception {
        String name = "bcm-" + UUID.randomUUID().toString().substring(0, 8);
        upload(name, "1.0.0", image(1000, 3), "hardwareId=bcm-hw&releaseCounter=1");

        var response = upload(name, "1.0.0", image(1000, 4), "hardwareId=bcm-hw&releaseCounter=1");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
    }

    @Test
    void anImageOverTheSizeLimitIsRefused() throws Exception {
        var response = upload("huge", "1.0.0", new byte[(int) MAX_IMAGE + 1], "hardwareId=x&releaseCounter=1");

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void anImageOverTheSizeLimitWithoutDeclaredLengthIsRefusedWhileStreaming() throws Exception {
        var chunked = HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(new byte[(int) MAX_IMAGE + 4096]));
        var response = http.send(
                HttpRequest.newBuilder(uri("/api/images/chunked/1.0.0?hardwareId=x&releaseCounter=1"))
                        .PUT(chunked)
                        .header("Content-Type", "application/octet-stream")
                        .header("Authorization", TestTokens.authorization("ci-bot", "CI_PIPELINE"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void aDeclaredHashThatDoesNotMatchIsABadRequest() throws Exception {
        var response =
                upload("liar", "1.0.0", image(100, 5), "hardwareId=x&releaseCounter=1&sha256=" + "00".repeat(32));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("declared sha256 does not match");
    }

    @Test
    void onlyTheCiPipelineMayUpload() throws Exception {
        var asEngineer = http.send(
                HttpRequest.newBuilder(uri("/api/images/x/1.0.0?hardwareId=x&releaseCounter=1"))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[1]))
                        .header("Content-Type", "application/octet-stream")
                        .header("Authorization", TestTokens.authorization("rita", "RELEASE_ENGINEER"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        var anonymous = http.send(
                HttpRequest.newBuilder(uri("/api/images/x/1.0.0?hardwareId=x&releaseCounter=1"))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[1]))
                        .header("Content-Type", "application/octet-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(asEngineer.statusCode()).isEqualTo(403);
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }
}

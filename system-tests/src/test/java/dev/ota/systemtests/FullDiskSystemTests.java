package dev.ota.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ota.launcher.demo.Actor;
import dev.ota.launcher.demo.OtaStory;
import dev.ota.launcher.demo.Release;
import dev.ota.launcher.demo.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A full disk for one service's data directory: signing-service's image store ({@code var/signing/blobs} in its
 * directory) gets a small tmpfs of its own, filled to the last byte, while the platform runs. An upload must be refused
 * with a clear error and sign nothing; once space is back the same upload is signed and its image served. Skipped
 * where the build may not mount (it needs root with CAP_SYS_ADMIN).
 */
class FullDiskSystemTests {

    private static final Release RELEASE = new Release("full-disk-fw", "1.0.0", "hw-tcu", 1, 64 * 1024);

    @Test
    void signingServiceRefusesAnUploadClearlyWhileItsImageStoreIsFullAndSignsItOnceSpaceIsBack() throws Exception {
        OtaStory story = RunningPlatform.story();
        assumeTrue(SmallVolume.canMount(), "this machine does not let the build mount a tmpfs");
        Path blobs = RunningPlatform.get()
                .serviceDirectory(OtaStory.SIGNING)
                .resolve("var")
                .resolve("signing")
                .resolve("blobs");

        try (SmallVolume volume = SmallVolume.mountOver(blobs, 4)) {
            volume.fill();
            Reply refused = upload(story);
            assertThat(refused.status())
                    .as("answer while full: %s", refused.body())
                    .isEqualTo(507);
            assertThat(refused.body()).contains("no space left").contains("nothing was signed");
            assertThat(target().statusCode())
                    .as("nothing signed or served while full")
                    .isEqualTo(404);

            volume.free();
            Reply accepted = upload(story);
            assertThat(accepted.status())
                    .as("answer once space is back: %s", accepted.body())
                    .isEqualTo(201);
        }
        HttpResponse<byte[]> served = target();
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(RELEASE.content());
    }

    private static Reply upload(OtaStory story) {
        return story.client()
                .send(
                        Actor.CI,
                        "PUT",
                        OtaStory.SIGNING,
                        OtaStory.uploadPath(RELEASE),
                        "application/octet-stream",
                        RELEASE.content());
    }

    /** The image as a vehicle downloads it from the image repository. */
    private static HttpResponse<byte[]> target() throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(RunningPlatform.get().url(OtaStory.SIGNING)
                                        + "/repo/image/targets/" + RELEASE.targetPath()))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }
}

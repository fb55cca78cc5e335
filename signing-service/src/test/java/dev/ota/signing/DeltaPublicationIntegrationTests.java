package dev.ota.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ota.uptane.client.RepositoryClient;
import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.delta.DeltaDescription;
import dev.ota.uptane.delta.DeltaInstall;
import dev.ota.uptane.delta.DeltaPaths;
import dev.ota.uptane.metadata.SignedDocument;
import dev.ota.uptane.metadata.Targets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Deltas made and published by the image repository when an image is released: listed in the deltas role (delegated
 * before release), served by content, and turning the base into exactly the release-signed image.
 */
class DeltaPublicationIntegrationTests extends SigningServiceIntegrationTest {

    /** 512 KiB of firmware-like bytes: text sections and random data. */
    static byte[] firmware(long seed) {
        var random = new Random(seed);
        byte[] bytes = new byte[512 * 1024];
        random.nextBytes(bytes);
        for (int i = 0; i < bytes.length; i += 1024) {
            byte[] text = ("firmware section " + i + "\n").getBytes();
            System.arraycopy(text, 0, bytes, i, text.length);
        }
        return bytes;
    }

    /** The same image with 2 KiB rewritten: a small change. */
    static byte[] patched(byte[] image) {
        byte[] next = image.clone();
        for (int i = 0; i < 2048; i++) {
            next[200_000 + i] = (byte) (i * 31);
        }
        return next;
    }

    static String release(SigningServiceIntegrationTest test, String name, String version, byte[] bytes, int counter)
            throws Exception {
        assertThat(test.upload(name, version, bytes, "hardwareId=ecm-hw&releaseCounter=" + counter)
                        .statusCode())
                .isEqualTo(201);
        assertThat(test.coSign(name, version, offlineKey("release-engineer")).statusCode())
                .isEqualTo(200);
        return name + "/" + name + "-" + version + ".bin";
    }

    /** A fresh standard client once the image repository lists the delta from {@code base} to the release. */
    static RepositoryClient awaitDelta(SigningServiceIntegrationTest test, String releasePath, byte[] base) {
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            var c = test.imageRepositoryClient();
                            c.refresh();
                            return c;
                        },
                        c -> DeltaInstall.find(c, releasePath, Hashing.sha256Hex(base))
                                .isPresent());
    }

    @Test
    void aReleaseGetsADeltaFromThePreviousReleaseThatTurnsItIntoExactlyTheReleasedImage() throws Exception {
        String name = "ecm-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] v1 = firmware(1);
        byte[] v2 = patched(v1);
        release(this, name, "1.0.0", v1, 2);
        String v2Path = release(this, name, "1.1.0", v2, 3);
        String deltaPath = DeltaPaths.of(v2Path, Hashing.sha256Hex(v1));

        RepositoryClient client = awaitDelta(this, v2Path, v1);
        var delta = DeltaInstall.find(client, v2Path, Hashing.sha256Hex(v1)).orElseThrow();
        var released = client.findTarget(v2Path).orElseThrow();

        assertThat(delta.path()).isEqualTo(deltaPath);
        assertThat(delta.role()).as("found through the deltas delegation").isEqualTo("deltas");
        assertThat(released.role())
                .as("the image itself still only through release")
                .isEqualTo("release");
        var description = DeltaDescription.of(delta.file());
        assertThat(description.resultPath()).isEqualTo(v2Path);
        assertThat(description.result().hashes()).isEqualTo(released.file().hashes());
        assertThat(description.base().hashes())
                .containsEntry("sha256", Hashing.sha256Hex(v1))
                .containsEntry("sha512", Hashing.sha512Hex(v1));
        assertThat(delta.file().length())
                .as("a 2 KiB change to a 512 KiB image")
                .isLessThan(v2.length / 20);

        byte[] served = http.send(
                        HttpRequest.newBuilder(
                                        uri("/repo/image/targets/" + client.downloadPath(deltaPath, delta.file())))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                .body();
        var slot = new ByteArrayOutputStream();
        DeltaInstall.applyVerified(delta.file(), v2Path, released.file(), v1, new ByteArrayInputStream(served), slot);
        assertThat(slot.toByteArray()).isEqualTo(v2);

        assertThat(DeltaInstall.find(client, v2Path, Hashing.sha256Hex(firmware(7))))
                .as("a vehicle on an image that is no earlier release finds no delta")
                .isEmpty();
    }

    @Test
    void theDeltasRoleIsDelegatedBeforeTheTerminatingReleaseRoleToAnOnlineKeyForDeltaPathsOnly() throws Exception {
        var top = SignedDocument.parse(
                        get("/repo/image/metadata/targets.json", null).body(), Targets::fromJson)
                .body();
        var roles = top.delegations().roles();

        assertThat(roles.get(0).name()).isEqualTo("deltas");
        assertThat(roles.get(0).paths()).allMatch(p -> p.startsWith(DeltaPaths.PREFIX));
        assertThat(roles.get(1).name()).isEqualTo("release");
        assertThat(roles.get(1).terminating()).isTrue();
    }

    @Test
    void anImageCannotBeUploadedUnderTheNameReservedForDeltas() throws Exception {
        var response = upload("deltas", "1.0.0", firmware(3), "hardwareId=ecm-hw&releaseCounter=1");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("reserved for delta targets");
    }
}

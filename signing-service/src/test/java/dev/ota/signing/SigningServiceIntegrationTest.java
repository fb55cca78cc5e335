package dev.ota.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.events.EcuTarget;
import dev.ota.signing.tuf.DevCeremony;
import dev.ota.testsupport.TestTokens;
import dev.ota.testsupport.WithRealInfrastructure;
import dev.ota.uptane.client.HttpMetadataFetcher;
import dev.ota.uptane.client.Limits;
import dev.ota.uptane.client.RepositoryClient;
import dev.ota.uptane.client.TrustedRepository;
import dev.ota.uptane.crypto.EncryptedKeyFile;
import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.json.Json;
import dev.ota.uptane.metadata.SignedDocument;
import dev.ota.uptane.metadata.Targets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The shared set-up of signing-service integration tests: one application context on real PostgreSQL and Kafka, a
 * development key ceremony in a temp directory (the tests play the offline key holders with its keys), small limits
 * and short lifetimes so the refresh and the size limit can be observed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@WithRealInfrastructure(database = "signing")
public abstract class SigningServiceIntegrationTest {

    protected static final Path WORK;
    protected static final String PASSPHRASE = "integration-test-passphrase";
    protected static final long MAX_IMAGE = 8 * 1024 * 1024;

    static {
        try {
            WORK = Files.createTempDirectory("signing-it-");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void signingProperties(DynamicPropertyRegistry registry) {
        registry.add("ota.signing.trust.dir", () -> WORK.resolve("trust").toString());
        registry.add("ota.signing.trust.dev-bootstrap", () -> "true");
        registry.add("ota.signing.keys.dir", () -> WORK.resolve("keys").toString());
        registry.add("ota.signing.keys.passphrase", () -> PASSPHRASE);
        registry.add("ota.signing.keys.generate-missing", () -> "true");
        registry.add(
                "ota.signing.fleet-ca.key-store",
                () -> WORK.resolve("fleet-ca/fleet-ca.p12").toString());
        registry.add("ota.signing.fleet-ca.create-if-missing", () -> "true");
        registry.add("ota.signing.upload.blob-dir", () -> WORK.resolve("blobs").toString());
        registry.add("ota.signing.upload.max-size", () -> MAX_IMAGE + "B");
        registry.add("ota.signing.image.timestamp-lifetime", () -> "PT20S");
        registry.add("ota.signing.image.refresh-check", () -> "PT2S");
        registry.add("ota.signing.deltas.check", () -> "PT1S");
        // a vehicle asking in a loop is answered at most once per 3 s
        registry.add("ota.signing.director.answer-interval", () -> "PT3S");
    }

    @LocalServerPort
    protected int port;

    protected final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    protected HttpResponse<String> get(String path, @Nullable String authorization) throws Exception {
        var b = HttpRequest.newBuilder(uri(path)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> send(String method, String path, @Nullable String authorization, String json)
            throws Exception {
        var b = HttpRequest.newBuilder(uri(path))
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> upload(String name, String version, byte[] image, String query) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri("/api/images/" + name + "/" + version + "?" + query))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(image))
                        .header("Content-Type", "application/octet-stream")
                        .header("Authorization", TestTokens.authorization("ci-bot", "CI_PIPELINE"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An offline key the development ceremony generated (the test plays its holder). */
    protected static Signer offlineKey(String name) throws IOException {
        byte[] file = Files.readAllBytes(
                WORK.resolve("trust").resolve(DevCeremony.OFFLINE_DIR).resolve(name + ".key"));
        return EncryptedKeyFile.decrypt(file, PASSPHRASE.toCharArray());
    }

    /** Release engineer flow: fetch the candidate, sign it offline, post it. */
    protected HttpResponse<String> coSign(String name, String version, Signer releaseEngineer) throws Exception {
        String auth = TestTokens.authorization("rita", "RELEASE_ENGINEER");
        var candidate = get("/api/images/" + name + "/" + version + "/release-candidate", auth);
        assertThat(candidate.statusCode()).as(candidate.body()).isEqualTo(200);
        var signed = SignedDocument.parse(candidate.body(), Targets::fromJson).withSignatureBy(releaseEngineer);
        return send("POST", "/api/images/" + name + "/" + version + "/co-sign", auth, signed.toJson());
    }

    /** Uploads and co-signs an image for hardware {@code ecm-hw} (release counter 4): what an assignment names. */
    protected EcuTarget releasedImage(String serial, String content) throws Exception {
        String name = "ecm-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] bytes = content.getBytes();
        assertThat(upload(name, "3.1.0", bytes, "hardwareId=ecm-hw&releaseCounter=4")
                        .statusCode())
                .isEqualTo(201);
        assertThat(coSign(name, "3.1.0", offlineKey("release-engineer")).statusCode())
                .isEqualTo(200);
        return new EcuTarget(
                serial,
                "ecm-hw",
                name,
                "3.1.0",
                name + "/" + name + "-3.1.0.bin",
                4,
                bytes.length,
                Map.of("sha256", Hashing.sha256Hex(bytes), "sha512", Hashing.sha512Hex(bytes)));
    }

    protected static Map<String, Object> json(String body) {
        return Json.object(Json.parse(body), "body");
    }

    /** A standard-workflow client of the image repository, trusting version 1 of root. */
    protected RepositoryClient imageRepositoryClient() throws Exception {
        var root = get("/repo/image/metadata/1.root.json", null);
        assertThat(root.statusCode()).isEqualTo(200);
        var trusted = new TrustedRepository("image", root.body().getBytes(), Clock.systemUTC());
        return new RepositoryClient(
                trusted,
                new HttpMetadataFetcher(http, uri("/repo/image/metadata/"), Duration.ofSeconds(10)),
                Limits.DEFAULT);
    }
}

package dev.ota.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.contracts.Topics;
import dev.ota.contracts.events.DirectorMetadataIssued;
import dev.ota.contracts.events.EcuTarget;
import dev.ota.contracts.events.InstallConditions;
import dev.ota.contracts.events.UpdateAssigned;
import dev.ota.signing.keys.KeyVaultAccess;
import dev.ota.signing.keys.OnlineRole;
import dev.ota.signing.keys.VaultDoubleAccess;
import dev.ota.signing.tuf.DevCeremony;
import dev.ota.testsupport.KafkaTestClient;
import dev.ota.testsupport.TestAssignmentSeals;
import dev.ota.testsupport.TestTokens;
import dev.ota.testsupport.WithRealInfrastructure;
import dev.ota.testsupport.keyvault.KeyVaultDouble;
import dev.ota.uptane.client.Ecu;
import dev.ota.uptane.client.HttpMetadataFetcher;
import dev.ota.uptane.client.Limits;
import dev.ota.uptane.client.MetadataFetcher;
import dev.ota.uptane.client.RepositoryClient;
import dev.ota.uptane.client.TrustedRepository;
import dev.ota.uptane.client.UptaneVerifier;
import dev.ota.uptane.crypto.EncryptedKeyFile;
import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.metadata.RoleType;
import dev.ota.uptane.metadata.Root;
import dev.ota.uptane.metadata.SignedDocument;
import dev.ota.uptane.metadata.Targets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every online role of the image repository and of the director signs in Azure Key Vault (the vault double, through
 * the official SDK): the service starts on keys read from the vault, and what it publishes passes this platform's
 * Uptane verification and an independent TUF client (tuf-js). The trust material is its own (a ceremony over the
 * vault's public keys), apart from the other test classes'.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// a database of its own: the image repository's state is signed by other keys than the other test classes'
@WithRealInfrastructure(database = "signing_key_vault")
@Import(KeyVaultSigningIntegrationTests.VaultAccess.class)
class KeyVaultSigningIntegrationTests {

    private static final String TOKEN = "vault-it-" + UUID.randomUUID();
    private static final KeyVaultDouble VAULT = KeyVaultDouble.start(TOKEN);
    private static final String PASSPHRASE = "key-vault-test-passphrase";
    private static final Path VAULT_WORK;

    static {
        try {
            VAULT_WORK = Files.createTempDirectory("signing-key-vault-it-");
        } catch (java.io.IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        for (OnlineRole role : OnlineRole.values()) {
            VaultDoubleAccess.createP256Key(VAULT, "ota-" + role.keyName());
        }
    }

    @DynamicPropertySource
    static void keysInTheVault(DynamicPropertyRegistry registry) {
        registry.add("ota.signing.trust.dir", () -> VAULT_WORK.resolve("trust").toString());
        registry.add("ota.signing.trust.dev-bootstrap", () -> "true");
        registry.add("ota.signing.keys.dir", () -> VAULT_WORK.resolve("keys").toString());
        registry.add("ota.signing.keys.passphrase", () -> PASSPHRASE);
        registry.add("ota.signing.keys.generate-missing", () -> "true");
        registry.add(
                "ota.signing.fleet-ca.key-store",
                () -> VAULT_WORK.resolve("fleet-ca/fleet-ca.p12").toString());
        registry.add("ota.signing.fleet-ca.create-if-missing", () -> "true");
        registry.add(
                "ota.signing.upload.blob-dir", () -> VAULT_WORK.resolve("blobs").toString());
        registry.add(
                "ota.signing.keys.azure-key-vault.vault-url",
                () -> VAULT.vaultUrl().toString());
        // the double's challenge names https://vault.azure.net, which is not the loopback host it serves on
        registry.add("ota.signing.keys.azure-key-vault.verify-challenge-resource", () -> "false");
        for (OnlineRole role : OnlineRole.values()) {
            registry.add(
                    "ota.signing.keys.azure-key-vault.keys." + role.keyName() + ".name", () -> "ota-" + role.keyName());
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class VaultAccess {
        @Bean
        KeyVaultAccess keyVaultAccess() {
            return VaultDoubleAccess.access(VAULT, TOKEN);
        }
    }

    @LocalServerPort
    int port;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private String get(String path) throws Exception {
        var response = http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    @BeforeAll
    static void installTufJs() throws Exception {
        TufJsInteropIntegrationTests.installTufJs();
    }

    private static Signer releaseEngineer() throws Exception {
        byte[] file = Files.readAllBytes(
                VAULT_WORK.resolve("trust").resolve(DevCeremony.OFFLINE_DIR).resolve("release-engineer.key"));
        return EncryptedKeyFile.decrypt(file, PASSPHRASE.toCharArray());
    }

    /** CI uploads the image, the release engineer co-signs it offline: released, as a vehicle may install it. */
    private EcuTarget released(String serial, byte[] bytes) throws Exception {
        String name = "kv-" + UUID.randomUUID().toString().substring(0, 8);
        var uploaded = http.send(
                HttpRequest.newBuilder(uri("/api/images/" + name + "/1.0.0?hardwareId=ecm-hw&releaseCounter=5"))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .header("Content-Type", "application/octet-stream")
                        .header("Authorization", TestTokens.authorization("ci-bot", "CI_PIPELINE"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        String engineer = TestTokens.authorization("rita", "RELEASE_ENGINEER");
        var candidate = http.send(
                HttpRequest.newBuilder(uri("/api/images/" + name + "/1.0.0/release-candidate"))
                        .header("Authorization", engineer)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        var signed = SignedDocument.parse(candidate.body(), Targets::fromJson).withSignatureBy(releaseEngineer());
        var coSigned = http.send(
                HttpRequest.newBuilder(uri("/api/images/" + name + "/1.0.0/co-sign"))
                        .POST(HttpRequest.BodyPublishers.ofString(signed.toJson()))
                        .header("Content-Type", "application/json")
                        .header("Authorization", engineer)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(coSigned.statusCode()).as(coSigned.body()).isEqualTo(200);
        return new EcuTarget(
                serial,
                "ecm-hw",
                name,
                "1.0.0",
                name + "/" + name + "-1.0.0.bin",
                5,
                bytes.length,
                Map.of("sha256", Hashing.sha256Hex(bytes), "sha512", Hashing.sha512Hex(bytes)));
    }

    private RepositoryClient imageRepositoryClient() throws Exception {
        var trusted = new TrustedRepository(
                "image", get("/repo/image/metadata/1.root.json").getBytes(), Clock.systemUTC());
        return new RepositoryClient(
                trusted,
                new HttpMetadataFetcher(http, uri("/repo/image/metadata/"), Duration.ofSeconds(10)),
                Limits.DEFAULT);
    }

    @Test
    void theImageRepositorysOnlineRolesSignInTheVaultAndTufJsAcceptsWhatTheyPublish() throws Exception {
        var root = SignedDocument.parse(get("/repo/image/metadata/1.root.json"), Root::fromJson)
                .body();
        for (RoleType role : List.of(RoleType.SNAPSHOT, RoleType.TIMESTAMP)) {
            String keyId = root.roles().get(role).keyIds().getFirst();
            assertThat(root.keys().get(keyId).scheme())
                    .as("%s key in root is the vault's EC P-256 key", role)
                    .isEqualTo(Scheme.ECDSA_SHA2_NISTP256);
        }
        long signaturesBefore = VAULT.signatures();
        byte[] image = "an image whose metadata the vault signs".repeat(300).getBytes();

        EcuTarget target = released("ECM-1", image);

        assertThat(VAULT.signatures() - signaturesBefore)
                .as("ci, snapshot and timestamp signed in the vault at upload and co-signature")
                .isGreaterThanOrEqualTo(6);
        RepositoryClient ours = imageRepositoryClient();
        ours.refresh();
        assertThat(ours.findTarget(target.targetPath()))
                .as("found by this platform's TUF client through the released role")
                .isPresent();
        Path work = Files.createTempDirectory(VAULT_WORK, "tufjs-");
        Path root1 = work.resolve("1.root.json");
        Files.writeString(root1, get("/repo/image/metadata/1.root.json"));
        var tufJs = TufJsInteropIntegrationTests.run(
                List.of(
                        "node",
                        TufJsInteropIntegrationTests.INTEROP
                                .resolve("tuf-client.js")
                                .toString(),
                        uri("/repo/image/metadata").toString(),
                        uri("/repo/image/targets").toString(),
                        root1.toString(),
                        target.targetPath(),
                        work.resolve("client").toString()),
                TufJsInteropIntegrationTests.INTEROP,
                120);
        assertThat(tufJs.exit()).as(tufJs.output()).isZero();
        assertThat(tufJs.output()).contains("\"sha256\":\"" + Hashing.sha256Hex(image) + "\"");
    }

    @Test
    void theDirectorsOnlineRolesSignInTheVaultAndAVehicleVerifiesTheResult() throws Exception {
        String vin = "WVW" + UUID.randomUUID().toString().substring(0, 14).toUpperCase();
        EcuTarget target = released("ECM-" + vin, ("director image for " + vin).getBytes());
        long signaturesBefore = VAULT.signatures();

        KafkaTestClient.send(TestAssignmentSeals.seal(new UpdateAssigned(
                UUID.randomUUID(),
                Instant.now(),
                vin,
                UUID.randomUUID(),
                UUID.randomUUID(),
                1,
                List.of(target),
                InstallConditions.NONE,
                null,
                null)));

        var record = KafkaTestClient.await(Topics.DIRECTOR_METADATA, r -> vin.equals(r.key()), Duration.ofSeconds(30));
        var issued =
                KafkaTestClient.eventOf(record, DirectorMetadataIssued.class).orElseThrow();
        assertThat(VAULT.signatures() - signaturesBefore)
                .as("director targets, snapshot and timestamp signed in the vault")
                .isGreaterThanOrEqualTo(3);
        var directorRoot = SignedDocument.parse(issued.metadata().get("1.root.json"), Root::fromJson)
                .body();
        for (RoleType role : List.of(RoleType.TARGETS, RoleType.SNAPSHOT, RoleType.TIMESTAMP)) {
            String keyId = directorRoot.roles().get(role).keyIds().getFirst();
            assertThat(directorRoot.keys().get(keyId).scheme())
                    .as("director %s key", role)
                    .isEqualTo(Scheme.ECDSA_SHA2_NISTP256);
        }
        var director = new RepositoryClient(
                new TrustedRepository(
                        "director", issued.metadata().get("1.root.json").getBytes(), Clock.systemUTC()),
                MetadataFetcher.of(issued.metadata()),
                Limits.DEFAULT);
        var verified = UptaneVerifier.fullVerification(
                director, imageRepositoryClient(), List.of(new Ecu(target.ecuSerial(), "ecm-hw", 3)));
        assertThat(verified).containsOnlyKeys(target.ecuSerial());
        assertThat(verified.get(target.ecuSerial()).signedByRole()).isEqualTo("release");
    }
}

package dev.ota.signing.production;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.signing.SigningServiceApplication;
import dev.ota.signing.keys.OnlineRole;
import dev.ota.testsupport.ProductionProfileRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;

class ProductionTrustMaterialTests {

    @TempDir
    Path work;

    @Test
    void refusesToStartUnderTheProductionProfileNamingEveryMissingInput() {
        assertThatThrownBy(() -> start(Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refusing to start under the production profile")
                .hasMessageContaining("no database: set OTA_DB_PASSWORD")
                .hasMessageContaining("OTA_SIGNING_TRUST_DIR")
                .hasMessageContaining("OTA_SIGNING_KEYS_DIR")
                .hasMessageContaining("director-timestamp.key")
                .hasMessageContaining("OTA_SIGNING_KEY_PASSPHRASE")
                .hasMessageContaining("OTA_FLEET_CA_KEY_STORE")
                .hasMessageContaining("OTA_FLEET_CA_PASSWORD")
                .hasMessageContaining("OTA_SIGNING_BLOB_DIR");
    }

    @Test
    void refusesTheDevelopmentCeremonyUnderTheProductionProfileEvenWithEveryKeyInPlace() throws Exception {
        Map<String, Object> complete = completeMaterial();
        var withDevBootstrap = new HashMap<>(complete);
        withDevBootstrap.put("OTA_SIGNING_DEV_BOOTSTRAP", "true");

        assertThatThrownBy(() -> start(withDevBootstrap))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ota.signing.trust.dev-bootstrap=true is a development setting")
                .hasMessageNotContaining("missing");
    }

    @Test
    void namesTheCeremonyFilesAndKeysThatAreNotThere() throws Exception {
        Map<String, Object> complete = completeMaterial();
        Files.delete(work.resolve("trust/director/1.root.json"));
        Files.delete(work.resolve("keys/image-timestamp.key"));

        assertThat(problems(complete))
                .containsExactlyInAnyOrder(
                        "ceremony output missing in " + work.resolve("trust") + ": director/1.root.json",
                        "online key files missing in " + work.resolve("keys") + ": image-timestamp.key");
    }

    @Test
    void acceptsCeremonyOutputOnlineKeysAndTheFleetCaKeyStore() throws Exception {
        assertThat(problems(completeMaterial())).isEmpty();
    }

    @Test
    void refusesTheDevelopmentPassphraseAndKeysGeneratedInThePod() throws Exception {
        var settings = new HashMap<>(completeMaterial());
        settings.put("OTA_SIGNING_KEY_PASSPHRASE", ProductionTrustMaterial.DEVELOPMENT_PASSPHRASE);
        settings.put("ota.signing.keys.generate-missing", "true");

        assertThat(problems(settings))
                .containsExactlyInAnyOrder(
                        "ota.signing.keys.generate-missing=true is a development setting"
                                + " (OTA_SIGNING_DEV_BOOTSTRAP must not be true)",
                        "the key file passphrase is the development one: set OTA_SIGNING_KEY_PASSPHRASE from a Secret");
    }

    @Test
    void refusesAKeyVaultReachedAsOnlyATestDoubleMayBe() throws Exception {
        var settings = new HashMap<>(completeMaterial());
        settings.put("ota.signing.keys.azure-key-vault.vault-url", "http://127.0.0.1:8443");
        settings.put("ota.signing.keys.azure-key-vault.verify-challenge-resource", "false");
        settings.put("ota.signing.keys.azure-key-vault.keys.director-targets.name", "director-targets");

        assertThat(problems(settings))
                .containsExactlyInAnyOrder(
                        "ota.signing.keys.azure-key-vault.verify-challenge-resource=false is a test setting: the"
                                + " service would send its vault token to whatever host the vault's challenge names",
                        "the Key Vault URL http://127.0.0.1:8443 is not https: set"
                                + " ota.signing.keys.azure-key-vault.vault-url to the vault's https address");
        settings.put("ota.signing.keys.azure-key-vault.vault-url", "https://ota-signing.vault.azure.net");
        settings.remove("ota.signing.keys.azure-key-vault.verify-challenge-resource");
        assertThat(problems(settings)).isEmpty();
    }

    private static void start(Map<String, Object> environment) {
        ProductionProfileRun.start(SigningServiceApplication.class, environment);
    }

    /** The check against the service's own configuration files (production over base) and the given environment. */
    private static List<String> problems(Map<String, Object> environmentVariables) {
        var environment = ProductionProfileRun.environment(environmentVariables);
        return new ProductionTrustMaterial().problems(environment, Binder.get(environment));
    }

    /** What an operator mounts: the ceremony's public output, the online key files and the fleet CA's key store. */
    private Map<String, Object> completeMaterial() throws Exception {
        for (String file : ProductionTrustMaterial.CEREMONY_OUTPUT) {
            Files.createDirectories(work.resolve("trust").resolve(file).getParent());
            Files.writeString(work.resolve("trust").resolve(file), "{}");
        }
        Files.createDirectories(work.resolve("keys"));
        for (OnlineRole role : OnlineRole.values()) {
            Files.writeString(work.resolve("keys").resolve(role.keyName() + ".key"), "{}");
        }
        Files.writeString(work.resolve("keys/supplier-acme.key"), "{}");
        Files.createDirectories(work.resolve("fleet-ca"));
        Files.writeString(work.resolve("fleet-ca/fleet-ca.p12"), "");
        return Map.of(
                "OTA_DB_URL", "jdbc:postgresql://signing-db-rw:5432/signing",
                "OTA_DB_USER", "signing",
                "OTA_DB_PASSWORD", "from-a-secret",
                "OTA_SIGNING_TRUST_DIR", work.resolve("trust").toString(),
                "OTA_SIGNING_KEYS_DIR", work.resolve("keys").toString(),
                "OTA_SIGNING_KEY_PASSPHRASE", "from-a-secret",
                "OTA_FLEET_CA_KEY_STORE", work.resolve("fleet-ca/fleet-ca.p12").toString(),
                "OTA_FLEET_CA_PASSWORD", "from-a-secret",
                "OTA_SIGNING_BLOB_DIR", work.resolve("blobs").toString());
    }
}

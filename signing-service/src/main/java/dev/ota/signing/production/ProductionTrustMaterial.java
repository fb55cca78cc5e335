package dev.ota.signing.production;

import dev.ota.platform.production.ProductionCheck;
import dev.ota.signing.keys.OnlineRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Under the production profile, the service signs only with key material from a ceremony: a development ceremony
 * would put root, targets and release-engineer private keys inside an online pod, and generated online keys would
 * differ per replica and per restart. So every development setting is refused, and every missing input is named.
 */
public class ProductionTrustMaterial extends ProductionCheck {

    /** The public outputs of the offline key ceremony that the service imports at start-up. */
    static final List<String> CEREMONY_OUTPUT =
            List.of("image/1.root.json", "image/targets.json", "director/1.root.json");

    /** The development ceremony's passphrase, which production must not use even for real key files. */
    static final String DEVELOPMENT_PASSPHRASE = "dev-only-passphrase";

    /** Development settings: each would create key material inside the running service. */
    private static final List<String> DEVELOPMENT_SETTINGS = List.of(
            "ota.signing.trust.dev-bootstrap",
            "ota.signing.keys.generate-missing",
            "ota.signing.keys.pkcs11.generate-missing",
            "ota.signing.fleet-ca.create-if-missing");

    @Override
    protected List<String> problems(Environment environment, Binder binder) {
        List<String> problems = new ArrayList<>();
        requireSettings(environment, "database", DATABASE, problems);
        for (String setting : DEVELOPMENT_SETTINGS) {
            if (binder.bind(setting, Boolean.class).orElse(false)) {
                problems.add(setting + "=true is a development setting (OTA_SIGNING_DEV_BOOTSTRAP must not be true)");
            }
        }
        ceremonyOutput(environment, problems);
        onlineKeys(environment, binder, problems);
        keyVault(environment, binder, problems);
        fleetCa(environment, problems);
        if (setting(environment, "ota.signing.upload.blob-dir") == null) {
            problems.add("no image blob directory: set OTA_SIGNING_BLOB_DIR (ota.signing.upload.blob-dir)");
        }
        return problems;
    }

    private static void ceremonyOutput(Environment environment, List<String> problems) {
        String dir = setting(environment, "ota.signing.trust.dir");
        if (dir == null) {
            problems.add("no ceremony output: set OTA_SIGNING_TRUST_DIR (ota.signing.trust.dir) to the directory with "
                    + String.join(", ", CEREMONY_OUTPUT));
            return;
        }
        List<String> missing = CEREMONY_OUTPUT.stream()
                .filter(file -> !Files.isRegularFile(Path.of(dir).resolve(file)))
                .toList();
        if (!missing.isEmpty()) {
            problems.add("ceremony output missing in " + dir + ": " + String.join(", ", missing));
        }
    }

    private static void onlineKeys(Environment environment, Binder binder, List<String> problems) {
        Map<String, String> tokenLabels = binder.bind(
                        "ota.signing.keys.pkcs11.keys", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        boolean token = setting(environment, "ota.signing.keys.pkcs11.library") != null;
        // keys in Azure Key Vault are checked by OnlineKeys at start-up (read, verified with a test signature)
        Set<String> inVault = binder.bind(
                        "ota.signing.keys.azure-key-vault.keys", Bindable.mapOf(String.class, Object.class))
                .map(Map::keySet)
                .orElse(Set.of());
        List<String> suppliers = binder.bind("ota.signing.keys.suppliers", Bindable.listOf(String.class))
                .orElse(List.of());
        List<String> fromFiles = Stream.concat(
                        Arrays.stream(OnlineRole.values()).map(OnlineRole::keyName), suppliers.stream())
                .filter(name -> !(token && tokenLabels.containsKey(name)))
                .filter(name -> !inVault.contains(name))
                .toList();
        if (fromFiles.isEmpty()) {
            return;
        }
        String dir = setting(environment, "ota.signing.keys.dir");
        if (dir == null) {
            problems.add("no online keys: set OTA_SIGNING_KEYS_DIR (ota.signing.keys.dir) to the key files "
                    + fromFiles.stream().map(name -> name + ".key").toList() + ", or hold them in a PKCS#11 token");
        } else {
            List<String> missing = fromFiles.stream()
                    .map(name -> name + ".key")
                    .filter(file -> !Files.isRegularFile(Path.of(dir).resolve(file)))
                    .toList();
            if (!missing.isEmpty()) {
                problems.add("online key files missing in " + dir + ": " + String.join(", ", missing));
            }
        }
        @Nullable String passphrase = setting(environment, "ota.signing.keys.passphrase");
        if (passphrase == null) {
            problems.add("no key file passphrase: set OTA_SIGNING_KEY_PASSPHRASE (ota.signing.keys.passphrase)");
        } else if (passphrase.equals(DEVELOPMENT_PASSPHRASE)) {
            problems.add(
                    "the key file passphrase is the development one: set OTA_SIGNING_KEY_PASSPHRASE from a Secret");
        }
    }

    /** A vault reached without TLS, or whose challenge is not checked, could hand the vault's token to another host. */
    private static void keyVault(Environment environment, Binder binder, List<String> problems) {
        if (!binder.bind("ota.signing.keys.azure-key-vault.verify-challenge-resource", Boolean.class)
                .orElse(true)) {
            problems.add("ota.signing.keys.azure-key-vault.verify-challenge-resource=false is a test setting: the"
                    + " service would send its vault token to whatever host the vault's challenge names");
        }
        String vaultUrl = setting(environment, "ota.signing.keys.azure-key-vault.vault-url");
        if (vaultUrl != null && !vaultUrl.startsWith("https://")) {
            problems.add(
                    "the Key Vault URL " + vaultUrl + " is not https: set ota.signing.keys.azure-key-vault.vault-url"
                            + " to the vault's https address");
        }
    }

    private static void fleetCa(Environment environment, List<String> problems) {
        String keyStore = setting(environment, "ota.signing.fleet-ca.key-store");
        if (keyStore == null) {
            problems.add("no fleet CA key store: set OTA_FLEET_CA_KEY_STORE (ota.signing.fleet-ca.key-store)");
        } else if (!Files.isRegularFile(Path.of(keyStore))) {
            problems.add("fleet CA key store missing: " + keyStore);
        }
        if (setting(environment, "ota.signing.fleet-ca.password") == null) {
            problems.add("no fleet CA password: set OTA_FLEET_CA_PASSWORD (ota.signing.fleet-ca.password)");
        }
    }
}

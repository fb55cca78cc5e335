package dev.ota.signing.keys;

import dev.ota.uptane.crypto.EncryptedKeyFile;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.Signers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The service's online signers, each from an encrypted key file, the PKCS#11 token or Azure Key Vault, loaded once at
 * start-up.
 * Offline keys (root, top-level targets, release engineers) are never loaded here.
 */
@Component
public class OnlineKeys {

    private static final Logger log = LoggerFactory.getLogger(OnlineKeys.class);

    private final Map<OnlineRole, Signer> signers = new EnumMap<>(OnlineRole.class);
    private final Map<String, Signer> suppliers = new java.util.LinkedHashMap<>();

    @Autowired
    OnlineKeys(KeyProperties properties, ObjectProvider<KeyVaultAccess> vaultAccess) {
        this(properties, vaultAccess.getIfAvailable());
    }

    OnlineKeys(KeyProperties properties) {
        this(properties, (KeyVaultAccess) null);
    }

    /**
     * @param vaultAccess how to reach Azure Key Vault when keys are held there: a bean (tests), or null for
     *     {@link KeyVaultAccess#standard} (credentials from the environment)
     */
    OnlineKeys(KeyProperties properties, @Nullable KeyVaultAccess vaultAccess) {
        Pkcs11Token token = null;
        var pkcs11 = properties.pkcs11();
        if (pkcs11 != null && !pkcs11.library().isBlank()) {
            token = new Pkcs11Token(pkcs11.library(), pkcs11.slot(), pkcs11.slotListIndex(), pkcs11.pin());
        }
        AzureKeyVault vault = null;
        var vaultSettings = properties.azureKeyVault();
        if (vaultSettings != null && !vaultSettings.keys().isEmpty()) {
            vault = new AzureKeyVault(
                    vaultSettings,
                    vaultAccess != null ? vaultAccess : KeyVaultAccess.standard(vaultSettings.timeout()));
        }
        for (OnlineRole role : OnlineRole.values()) {
            signers.put(role, load(role.keyName(), properties, token, vault));
        }
        for (String supplier : properties.suppliers()) {
            suppliers.put(supplier, load(supplier, properties, token, vault));
        }
    }

    private static Signer load(
            String keyName, KeyProperties properties, @Nullable Pkcs11Token token, @Nullable AzureKeyVault vault) {
        var pkcs11 = properties.pkcs11();
        String label = pkcs11 == null ? null : pkcs11.keys().get(keyName);
        if (vault != null && vault.holds(keyName)) {
            if (label != null) {
                throw new IllegalStateException("online key " + keyName
                        + " is configured both in the PKCS#11 token and in Azure Key Vault: keep one");
            }
            log.info("online key {} signs in Azure Key Vault", keyName);
            return vault.signer(keyName);
        }
        if (token != null && pkcs11 != null && label != null) {
            if (!token.has(label)) {
                if (!pkcs11.generateMissing()) {
                    throw new IllegalStateException("PKCS#11 token has no key labelled " + label);
                }
                log.warn("generating key {} inside the PKCS#11 token (development/test setting)", label);
                return token.generate(label);
            }
            return token.signer(label);
        }
        Path file = properties.dir().resolve(keyName + ".key");
        char[] passphrase = properties.passphrase().toCharArray();
        try {
            if (!Files.exists(file)) {
                if (!properties.generateMissing()) {
                    throw new IllegalStateException("missing key file " + file + " for online key " + keyName);
                }
                log.warn("generating online key file {} (development setting ota.signing.keys.generate-missing)", file);
                Signer generated = Signers.generate(Scheme.ED25519);
                EncryptedKeyFile.write(file, generated, passphrase);
                return generated;
            }
            return EncryptedKeyFile.decrypt(Files.readAllBytes(file), passphrase);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Signer signer(OnlineRole role) {
        return Objects.requireNonNull(signers.get(role), "a signer for every online role");
    }

    /** Supplier role name to its signer, for the suppliers whose key this service holds. */
    public Map<String, Signer> suppliers() {
        return Map.copyOf(suppliers);
    }
}

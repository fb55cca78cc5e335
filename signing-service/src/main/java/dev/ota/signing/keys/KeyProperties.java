package dev.ota.signing.keys;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where online keys live ({@code ota.signing.keys.*}).
 *
 * @param dir directory of encrypted key files {@code <key name>.key}
 * @param passphrase passphrase of the key files (from the environment / a secret in production)
 * @param generateMissing create missing key files (development only: production keys come from a ceremony)
 * @param pkcs11 the PKCS#11 token, if any keys are held in one
 * @param azureKeyVault Azure Key Vault, if any keys are held there
 * @param suppliers names of supplier roles whose online key this service holds (file {@code <name>.key} or token
 *     label), e.g. {@code supplier-acme}: uploads under that supplier's delegated paths are signed into its role
 */
@ConfigurationProperties("ota.signing.keys")
public record KeyProperties(
        Path dir,
        String passphrase,
        @DefaultValue("false") boolean generateMissing,
        @Nullable Pkcs11 pkcs11,
        @DefaultValue List<String> suppliers,
        @Nullable AzureKeyVault azureKeyVault) {

    /**
     * @param library the PKCS#11 module, e.g. {@code /usr/lib/softhsm/libsofthsm2.so}
     * @param slot slot id of the token (takes precedence over the index)
     * @param slotListIndex index of the token's slot
     * @param pin user PIN
     * @param keys key name to token label, for the keys the token holds (others come from files)
     * @param generateMissing generate missing labelled keys in the token (development and tests)
     */
    public record Pkcs11(
            String library,
            @Nullable Long slot,
            @DefaultValue("0") int slotListIndex,
            String pin,
            @DefaultValue Map<String, String> keys,
            @DefaultValue("false") boolean generateMissing) {}

    /**
     * Keys held in Azure Key Vault: EC P-256 keys ({@code ecdsa-sha2-nistp256}) that sign inside the vault.
     *
     * @param vaultUrl the vault, e.g. {@code https://ota-signing.vault.azure.net}
     * @param keys key name (an online role's, e.g. {@code director-targets}, or a supplier's) to the vault key
     * @param timeout connect and response timeout of each call to the vault
     * @param verifyChallengeResource check that the resource named in the vault's authentication challenge belongs to
     *     the vault's domain (the SDK's protection against handing a token to another host). Only a vault double on
     *     loopback, whose challenge names {@code https://vault.azure.net}, needs it off
     */
    public record AzureKeyVault(
            String vaultUrl,
            @DefaultValue Map<String, VaultKeyName> keys,
            @DefaultValue("PT10S") Duration timeout,
            @DefaultValue("true") boolean verifyChallengeResource) {}

    /**
     * @param name the key's name in the vault
     * @param version a fixed key version, or null for the vault's current version of the key (read at start-up)
     */
    public record VaultKeyName(String name, @Nullable String version) {}
}

package dev.ota.signing.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.CredentialUnavailableException;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import dev.ota.signing.keys.KeyVaultKeyUnusable.Reason;
import dev.ota.testsupport.keyvault.KeyVaultDouble;
import dev.ota.uptane.crypto.Pem;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.SignatureVerifier;
import dev.ota.uptane.crypto.Signer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * The Key Vault signer through the official SDK against the vault double (real HTTPS, real ECDSA, the SDK's
 * challenge-based authentication), and the start-up refusals: each misconfiguration named.
 */
class AzureKeyVaultIntegrationTests {

    private static final String TOKEN = "test-token-" + UUID.randomUUID();
    private static KeyVaultDouble vault;

    @TempDir
    Path keyDir;

    @BeforeAll
    static void startVault() {
        vault = KeyVaultDouble.start(TOKEN);
    }

    @AfterAll
    static void stopVault() {
        vault.close();
    }

    private static String newKey() {
        String name = "k-" + UUID.randomUUID().toString().substring(0, 8);
        VaultDoubleAccess.createP256Key(vault, name);
        return name;
    }

    private KeyProperties properties(KeyProperties.AzureKeyVault settings) {
        return new KeyProperties(keyDir, "pw", true, null, List.of(), settings);
    }

    private OnlineKeys start(KeyProperties.AzureKeyVault settings, KeyVaultAccess access) {
        return new OnlineKeys(properties(settings), access);
    }

    private static KeyProperties.AzureKeyVault directorTargetsAs(String vaultKeyName, String... version) {
        var settings = VaultDoubleAccess.settings(vault);
        return new KeyProperties.AzureKeyVault(
                settings.vaultUrl(),
                Map.of(
                        "director-targets",
                        new KeyProperties.VaultKeyName(vaultKeyName, version.length == 0 ? null : version[0])),
                Duration.ofSeconds(5),
                false);
    }

    @Test
    void aRoleConfiguredForTheVaultSignsThereWithThePublicKeyReadFromTheVault() {
        String name = newKey();
        var vaultKey = VaultDoubleAccess.keyClient(vault).getKey(name);

        OnlineKeys keys = start(directorTargetsAs(name), VaultDoubleAccess.access(vault, TOKEN));
        Signer signer = keys.signer(OnlineRole.DIRECTOR_TARGETS);
        long signaturesBefore = vault.signatures();
        byte[] message = "{\"_type\":\"targets\"}".getBytes(StandardCharsets.UTF_8);
        byte[] signature = signer.sign(message);

        assertThat(signer.publicKey().scheme()).isEqualTo(Scheme.ECDSA_SHA2_NISTP256);
        assertThat(SignatureVerifier.verify(signer.publicKey(), message, signature))
                .isTrue();
        assertThat(vault.signatures()).as("signed in the vault").isEqualTo(signaturesBefore + 1);
        // the SDK keeps a challenge per vault host: the first client on this vault met it, later ones reuse it
        assertThat(vault.challenges()).as("the SDK met the bearer challenge").isPositive();
        // the public key is the vault's, as the SDK's own JWK conversion reads it
        assertThat(signer.publicKey().publicValue())
                .isEqualTo(Pem.encodePublicKey(vaultKey.getKey().toEc().getPublic()));
        assertThat(keys.signer(OnlineRole.CI).publicKey().scheme())
                .as("roles not listed stay in files")
                .isEqualTo(Scheme.ED25519);
    }

    @Test
    void aPinnedKeyVersionIsTheOneUsedEvenAfterTheKeyGotANewVersion() {
        String name = newKey();
        String first =
                VaultDoubleAccess.keyClient(vault).getKey(name).getProperties().getVersion();
        Signer pinnedBefore = start(directorTargetsAs(name, first), VaultDoubleAccess.access(vault, TOKEN))
                .signer(OnlineRole.DIRECTOR_TARGETS);

        VaultDoubleAccess.createP256Key(vault, name);
        Signer pinned = start(directorTargetsAs(name, first), VaultDoubleAccess.access(vault, TOKEN))
                .signer(OnlineRole.DIRECTOR_TARGETS);
        Signer latest = start(directorTargetsAs(name), VaultDoubleAccess.access(vault, TOKEN))
                .signer(OnlineRole.DIRECTOR_TARGETS);

        assertThat(pinned.keyId()).isEqualTo(pinnedBefore.keyId());
        assertThat(latest.keyId()).isNotEqualTo(pinned.keyId());
    }

    @Test
    void aWrongTokenStopsTheStartNamingAccessDenied() {
        String name = newKey();

        assertThatThrownBy(() -> start(directorTargetsAs(name), VaultDoubleAccess.access(vault, "stolen-or-stale")))
                .isInstanceOfSatisfying(
                        KeyVaultKeyUnusable.class, e -> assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED))
                .hasMessageContaining("director-targets")
                .hasMessageContaining("Key Vault Crypto User");
    }

    @Test
    void aMissingKeyStopsTheStartNamingTheKey() {
        assertThatThrownBy(() -> start(directorTargetsAs("no-such-key"), VaultDoubleAccess.access(vault, TOKEN)))
                .isInstanceOfSatisfying(
                        KeyVaultKeyUnusable.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_MISSING))
                .hasMessageContaining("/keys/no-such-key");
    }

    @Test
    void anRsaOrP384KeyStopsTheStartNamingTheCurve() {
        String rsa = "rsa-" + UUID.randomUUID().toString().substring(0, 8);
        String p384 = "p384-" + UUID.randomUUID().toString().substring(0, 8);
        VaultDoubleAccess.keyClient(vault).createRsaKey(new CreateRsaKeyOptions(rsa));
        VaultDoubleAccess.keyClient(vault).createEcKey(new CreateEcKeyOptions(p384).setCurveName(KeyCurveName.P_384));

        for (String name : List.of(rsa, p384)) {
            assertThatThrownBy(() -> start(directorTargetsAs(name), VaultDoubleAccess.access(vault, TOKEN)))
                    .isInstanceOfSatisfying(
                            KeyVaultKeyUnusable.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_EC_P256))
                    .hasMessageContaining("P-256");
        }
    }

    @Test
    void anUnreachableVaultStopsTheStartNamingIt() {
        var unreachable = KeyVaultDouble.start(TOKEN);
        var access = VaultDoubleAccess.access(unreachable, TOKEN);
        var settings = new KeyProperties.AzureKeyVault(
                unreachable.vaultUrl().toString(),
                Map.of("director-targets", new KeyProperties.VaultKeyName("k", null)),
                Duration.ofSeconds(2),
                false);
        unreachable.close();

        assertThatThrownBy(() -> start(settings, access))
                .isInstanceOfSatisfying(
                        KeyVaultKeyUnusable.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE));
    }

    @Test
    void noCredentialStopsTheStartSayingWhatToSet() {
        String name = newKey();
        TokenCredential none = request -> Mono.error(new CredentialUnavailableException("EnvironmentCredential"
                + " authentication unavailable. Environment variables are not fully configured."));
        var access =
                new KeyVaultAccess(none, VaultDoubleAccess.access(vault, TOKEN).httpClient());

        assertThatThrownBy(() -> start(directorTargetsAs(name), access))
                .isInstanceOfSatisfying(
                        KeyVaultKeyUnusable.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_CREDENTIAL))
                .hasMessageContaining("AZURE_CLIENT_ID");
    }
}

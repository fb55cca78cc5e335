package dev.ota.signing.keys;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.models.CreateEcKeyOptions;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import dev.ota.testsupport.keyvault.KeyVaultDouble;
import java.net.http.HttpClient;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import reactor.core.publisher.Mono;

/**
 * What tests need to talk to a {@link KeyVaultDouble} through the real Azure SDK: a credential that hands out a fixed
 * bearer token (for the resource the vault's challenge names, as a real credential would), and the SDK's JDK HTTP
 * client trusting the double's self-signed certificate.
 */
public final class VaultDoubleAccess {

    private VaultDoubleAccess() {}

    /** Access with {@code token} as the bearer token (the vault's accepted one, or a wrong one). */
    public static KeyVaultAccess access(KeyVaultDouble vault, String token) {
        TokenCredential fixedToken = request -> {
            if (!request.getScopes().equals(java.util.List.of(KeyVaultDouble.RESOURCE + "/.default"))) {
                return Mono.error(new IllegalStateException("token asked for " + request.getScopes()));
            }
            return Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
        };
        var http = new JdkHttpClientBuilder(HttpClient.newBuilder().sslContext(vault.clientTrust())).build();
        return new KeyVaultAccess(fixedToken, http);
    }

    /** The SDK's key client on the double, with the accepted token, for creating keys in tests. */
    public static KeyClient keyClient(KeyVaultDouble vault) {
        var access = access(vault, vault.acceptedToken());
        return new KeyClientBuilder()
                .vaultUrl(vault.vaultUrl().toString())
                .credential(access.credential())
                .httpClient(access.httpClient())
                .disableChallengeResourceVerification()
                .buildClient();
    }

    /** Creates an EC P-256 key named {@code name} in the vault (through the SDK, as an operator would). */
    public static void createP256Key(KeyVaultDouble vault, String name) {
        keyClient(vault).createEcKey(new CreateEcKeyOptions(name).setCurveName(KeyCurveName.P_256));
    }

    /**
     * The settings that put {@code keyNames} in the vault, each under the vault key of the same name with the
     * current version.
     */
    public static KeyProperties.AzureKeyVault settings(KeyVaultDouble vault, String... keyNames) {
        Map<String, KeyProperties.VaultKeyName> keys =
                Stream.of(keyNames).collect(Collectors.toMap(n -> n, n -> new KeyProperties.VaultKeyName(n, null)));
        return new KeyProperties.AzureKeyVault(
                vault.vaultUrl().toString(), keys, java.time.Duration.ofSeconds(5), false);
    }

    /** The signer the service would use for {@code keyName} held in the vault (read, checked, test-signed). */
    public static dev.ota.uptane.crypto.Signer signer(KeyVaultDouble vault, String keyName, java.nio.file.Path keyDir) {
        var properties = new KeyProperties(keyDir, "unused", true, null, java.util.List.of(), settings(vault, keyName));
        return new OnlineKeys(properties, access(vault, vault.acceptedToken()))
                .signer(java.util.Arrays.stream(OnlineRole.values())
                        .filter(role -> role.keyName().equals(keyName))
                        .findFirst()
                        .orElseThrow());
    }
}

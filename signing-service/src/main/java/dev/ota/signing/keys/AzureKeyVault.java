package dev.ota.signing.keys;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.CredentialUnavailableException;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyType;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import dev.ota.signing.keys.KeyVaultKeyUnusable.Reason;
import dev.ota.uptane.crypto.Pem;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.SignatureVerifier;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.TufKey;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The online keys held in Azure Key Vault ({@code ota.signing.keys.azure-key-vault}), opened through the official
 * SDK. A key is trusted only after its public part was read from the vault, checked to be EC P-256, and a test
 * signature made by the vault verified against it: a misconfigured key stops the start, never a later signature.
 */
final class AzureKeyVault {

    private static final int RETRIES = 2;

    private final KeyProperties.AzureKeyVault settings;
    private final KeyClient keys;

    AzureKeyVault(KeyProperties.AzureKeyVault settings, KeyVaultAccess access) {
        this.settings = settings;
        var builder = new KeyClientBuilder()
                .vaultUrl(settings.vaultUrl())
                .credential(access.credential())
                .httpClient(access.httpClient())
                .retryOptions(new RetryOptions(
                        new ExponentialBackoffOptions().setMaxRetries(RETRIES).setBaseDelay(Duration.ofMillis(200))));
        if (!settings.verifyChallengeResource()) {
            builder.disableChallengeResourceVerification();
        }
        this.keys = builder.buildClient();
    }

    /** Whether {@code keyName} (an online role's key or a supplier's) is configured to live in the vault. */
    boolean holds(String keyName) {
        return settings.keys().containsKey(keyName);
    }

    /** A signer for the vault key configured for {@code keyName}, checked as the class comment says. */
    Signer signer(String keyName) {
        KeyProperties.VaultKeyName configured = settings.keys().get(keyName);
        if (configured == null) {
            throw new IllegalArgumentException("no vault key configured for " + keyName);
        }
        String where = settings.vaultUrl() + "/keys/" + configured.name()
                + (configured.version() == null ? "" : "/" + configured.version());
        KeyVaultKey key;
        try {
            key = keys.getKey(configured.name(), configured.version());
        } catch (RuntimeException e) {
            throw unusable(keyName, where, e);
        }
        TufKey publicKey = p256PublicKey(key.getKey(), keyName, where);
        var signer = new KeyVaultSigner(
                keys.getCryptographyClient(
                        configured.name(), key.getProperties().getVersion()),
                publicKey,
                key.getId());
        byte[] probe = ("ota signing-service key check " + keyName).getBytes(StandardCharsets.UTF_8);
        byte[] signature;
        try {
            signature = signer.sign(probe);
        } catch (RuntimeException e) {
            throw unusable(keyName, where, e);
        }
        if (!SignatureVerifier.verify(publicKey, probe, signature)) {
            throw new KeyVaultKeyUnusable(Reason.SIGNATURE_MISMATCH, keyName, where, key.getId());
        }
        return signer;
    }

    private static TufKey p256PublicKey(@Nullable JsonWebKey jwk, String keyName, String where) {
        if (jwk == null
                || !(KeyType.EC.equals(jwk.getKeyType()) || KeyType.EC_HSM.equals(jwk.getKeyType()))
                || !KeyCurveName.P_256.equals(jwk.getCurveName())) {
            String found = jwk == null ? "no key material" : jwk.getKeyType() + " " + jwk.getCurveName();
            throw new KeyVaultKeyUnusable(Reason.NOT_EC_P256, keyName, where, "found " + found);
        }
        try {
            var parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            var point = new ECPoint(new BigInteger(1, jwk.getX()), new BigInteger(1, jwk.getY()));
            PublicKey key = KeyFactory.getInstance("EC")
                    .generatePublic(new ECPublicKeySpec(point, parameters.getParameterSpec(ECParameterSpec.class)));
            return new TufKey(Scheme.ECDSA_SHA2_NISTP256, Pem.encodePublicKey(key));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyVaultKeyUnusable(Reason.NOT_EC_P256, keyName, where, "not a point on P-256: " + e, e);
        }
    }

    /** Names what went wrong, from the SDK's exception and its causes. */
    static KeyVaultKeyUnusable unusable(String keyName, String where, RuntimeException e) {
        return new KeyVaultKeyUnusable(reasonFor(e), keyName, where, String.valueOf(e.getMessage()), e);
    }

    static Reason reasonFor(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            switch (t) {
                case CredentialUnavailableException _ -> {
                    return Reason.NO_CREDENTIAL;
                }
                case ResourceNotFoundException _ -> {
                    return Reason.KEY_MISSING;
                }
                case HttpResponseException http
                when http.getResponse() != null -> {
                    return switch (http.getResponse().getStatusCode()) {
                        case 401, 403 -> Reason.ACCESS_DENIED;
                        case 404 -> Reason.KEY_MISSING;
                        default -> Reason.VAULT_ERROR;
                    };
                }
                // a credential that could not get a token answers without an HTTP response of the vault
                case ClientAuthenticationException _ -> {
                    return Reason.NO_CREDENTIAL;
                }
                case IOException _ -> {
                    return Reason.UNREACHABLE;
                }
                case TimeoutException _ -> {
                    return Reason.UNREACHABLE;
                }
                default -> {}
            }
        }
        return Reason.VAULT_ERROR;
    }
}

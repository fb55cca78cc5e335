package dev.ota.signing.keys;

import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.models.SignatureAlgorithm;
import dev.ota.uptane.crypto.Hashing;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.TufKey;

/**
 * An {@code ecdsa-sha2-nistp256} signer whose private key stays in Azure Key Vault. The message is hashed here (the
 * vault signs a SHA-256 digest, ES256) and only the 32-byte digest travels; the vault's raw {@code r||s} answer is
 * re-encoded as DER ({@link EcdsaSignatureEncoding}). Each signature is one HTTPS call to the vault.
 */
final class KeyVaultSigner implements Signer {

    private final CryptographyClient vault;
    private final TufKey publicKey;
    private final String keyId;
    private final String vaultKeyId;

    /**
     * @param publicKey the key's public part as read from the vault
     * @param vaultKeyId the vault's identifier of the key version, {@code <vault>/keys/<name>/<version>}
     */
    KeyVaultSigner(CryptographyClient vault, TufKey publicKey, String vaultKeyId) {
        this.vault = vault;
        this.publicKey = publicKey;
        this.keyId = publicKey.keyId();
        this.vaultKeyId = vaultKeyId;
    }

    @Override
    public TufKey publicKey() {
        return publicKey;
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public byte[] sign(byte[] message) {
        byte[] digest = Hashing.sha256().digest(message);
        byte[] raw = vault.sign(SignatureAlgorithm.ES256, digest).getSignature();
        return EcdsaSignatureEncoding.rawToDer(raw);
    }

    @Override
    public String toString() {
        return "KeyVaultSigner[" + vaultKeyId + "]";
    }
}

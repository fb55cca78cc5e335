package dev.ota.uptane.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import org.jspecify.annotations.Nullable;

/**
 * ECDSA P-256 and RSASSA-PSS signing through a JCA provider: the JDK's for software keys, SunPKCS11 for keys that
 * never leave a token.
 */
public final class JcaSigner implements Signer {

    private final Scheme scheme;
    private final PrivateKey privateKey;
    private final @Nullable Provider provider;
    private final TufKey tufKey;
    private final String keyId;

    /**
     * @param provider the provider holding the private key (e.g. a configured SunPKCS11 instance), or null for the
     *     default providers
     */
    public JcaSigner(Scheme scheme, PrivateKey privateKey, PublicKey publicKey, @Nullable Provider provider) {
        if (scheme == Scheme.ED25519) {
            throw new IllegalArgumentException("use Signers.ed25519 for Ed25519 keys");
        }
        this.scheme = scheme;
        this.privateKey = privateKey;
        this.provider = provider;
        this.tufKey = new TufKey(scheme, Pem.encodePublicKey(publicKey));
        this.keyId = tufKey.keyId();
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    @Override
    public TufKey publicKey() {
        return tufKey;
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public byte[] sign(byte[] message) {
        try {
            Signature signature = SchemeAlgorithms.signatureFor(scheme, provider);
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with key " + keyId + " failed", e);
        }
    }
}

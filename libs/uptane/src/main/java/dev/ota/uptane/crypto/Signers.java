package dev.ota.uptane.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;

/** Generates software keys (ECU keys, test keys, ceremony keys) and wraps them as {@link Signer}s. */
public final class Signers {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Signers() {}

    public static Signer generate(Scheme scheme) {
        return switch (scheme) {
            case ED25519 -> {
                byte[] seed = new byte[32];
                RANDOM.nextBytes(seed);
                yield ed25519(seed);
            }
            case ECDSA_SHA2_NISTP256 -> jca(scheme, generatePair("EC", new ECGenParameterSpec("secp256r1")));
            case RSASSA_PSS_SHA256 ->
                jca(scheme, generatePair("RSA", new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4)));
        };
    }

    /** An Ed25519 signer from its 32-byte private key (RFC 8032 seed). */
    public static Signer ed25519(byte[] seed) {
        return new Ed25519KeySigner(seed);
    }

    public static Signer jca(Scheme scheme, KeyPair pair) {
        return new JcaSigner(scheme, pair.getPrivate(), pair.getPublic(), null);
    }

    private static KeyPair generatePair(String algorithm, java.security.spec.AlgorithmParameterSpec spec) {
        try {
            var generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(spec, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate " + algorithm + " key", e);
        }
    }
}

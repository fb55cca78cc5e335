package dev.ota.uptane.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TUF's rsassa-pss-sha256 leaves the salt length open: securesystemslib signs with 32 bytes, Node and Go with the
 * longest the key allows (found when tuf-js-written repositories were refused, see
 * TufJsWrittenRepositoryInteropIntegrationTests). A verifier must accept both and still refuse everything else.
 */
class RsaPssSaltLengthTests {

    private static final byte[] MESSAGE = "{\"_type\":\"targets\"}".getBytes(StandardCharsets.UTF_8);
    private static final KeyPair RSA_2048 = generate(2048);
    /** 2048-bit modulus: encoded message of 255 bytes, minus the SHA-256 digest and two bytes of framing. */
    private static final int LONGEST_SALT = 256 - 32 - 2;

    @ParameterizedTest
    @ValueSource(ints = {0, 20, 32, 64, LONGEST_SALT})
    void verifiesASignatureWhateverItsSaltLength(int saltLength) throws Exception {
        byte[] signature = pss(RSA_2048.getPrivate(), saltLength, MESSAGE);

        assertThat(SignatureVerifier.verify(key(RSA_2048), MESSAGE, signature)).isTrue();
    }

    @Test
    void verifiesTheLongestSaltWithAModulusThatIsNotAMultipleOfEightBits() throws Exception {
        KeyPair odd = generate(2047);
        byte[] signature = pss(odd.getPrivate(), 256 - 32 - 2, MESSAGE);

        assertThat(SignatureVerifier.verify(key(odd), MESSAGE, signature)).isTrue();
    }

    @Test
    void refusesALongSaltSignatureOverAnotherMessageOrByAnotherKey() throws Exception {
        byte[] signature = pss(RSA_2048.getPrivate(), LONGEST_SALT, MESSAGE);

        assertThat(SignatureVerifier.verify(key(RSA_2048), "{}".getBytes(StandardCharsets.UTF_8), signature))
                .isFalse();
        assertThat(SignatureVerifier.verify(key(generate(2048)), MESSAGE, signature))
                .isFalse();
        signature[10] ^= 1;
        assertThat(SignatureVerifier.verify(key(RSA_2048), MESSAGE, signature)).isFalse();
    }

    @Test
    void refusesAPkcs1Version15SignatureByTheSameKey() throws Exception {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(RSA_2048.getPrivate());
        s.update(MESSAGE);

        assertThat(SignatureVerifier.verify(key(RSA_2048), MESSAGE, s.sign())).isFalse();
    }

    @Test
    void refusesASignatureNotBelowTheModulus() {
        byte[] allOnes = new byte[256];
        java.util.Arrays.fill(allOnes, (byte) 0xff);

        assertThat(SignatureVerifier.verify(key(RSA_2048), MESSAGE, allOnes)).isFalse();
    }

    private static byte[] pss(PrivateKey key, int saltLength, byte[] message) throws GeneralSecurityException {
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(SchemeAlgorithms.pssSha256(saltLength));
        s.initSign(key);
        s.update(message);
        return s.sign();
    }

    private static TufKey key(KeyPair pair) {
        return new TufKey(Scheme.RSASSA_PSS_SHA256, Pem.encodePublicKey(pair.getPublic()));
    }

    private static KeyPair generate(int bits) {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.ota.uptane.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EncryptedKeyFileTests {

    @ParameterizedTest
    @EnumSource(
            value = Scheme.class,
            names = {"ED25519", "ECDSA_SHA2_NISTP256"})
    void decryptsToTheSameKeyWithThePassphraseOnly(Scheme scheme) {
        Signer signer = Signers.generate(scheme);
        byte[] file = EncryptedKeyFile.encrypt(signer, "correct horse".toCharArray(), 1_000);

        Signer loaded = EncryptedKeyFile.decrypt(file, "correct horse".toCharArray());

        assertThat(loaded.keyId()).isEqualTo(signer.keyId());
        assertThat(SignatureVerifier.verify(signer.publicKey(), new byte[] {7}, loaded.sign(new byte[] {7})))
                .isTrue();
        assertThat(EncryptedKeyFile.publicKey(file)).isEqualTo(signer.publicKey());
        assertThat(new String(file, StandardCharsets.UTF_8)).doesNotContain("PRIVATE");
        assertThatThrownBy(() -> EncryptedKeyFile.decrypt(file, "wrong".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wrong passphrase");
    }

    @ParameterizedTest
    @EnumSource(
            value = Scheme.class,
            names = {"ED25519"})
    void refusesAFileWhosePublicKeyWasSwapped(Scheme scheme) {
        Signer signer = Signers.generate(scheme);
        String file = new String(EncryptedKeyFile.encrypt(signer, "pw".toCharArray(), 1_000), StandardCharsets.UTF_8);
        String swapped = file.replace(
                signer.publicKey().publicValue(),
                Signers.generate(scheme).publicKey().publicValue());

        assertThatThrownBy(() -> EncryptedKeyFile.decrypt(swapped.getBytes(StandardCharsets.UTF_8), "pw".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

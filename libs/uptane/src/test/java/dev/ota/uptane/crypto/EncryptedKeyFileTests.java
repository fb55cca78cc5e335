package dev.ota.uptane.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    @Test
    void writesAnOwnerOnlyFileWithSixHundredThousandIterationsAndNeverOverwritesOne(@TempDir Path dir)
            throws Exception {
        Signer signer = Signers.generate(Scheme.ED25519);
        Path file = dir.resolve("keys/director-targets.key");

        EncryptedKeyFile.write(file, signer, "pw".toCharArray());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        byte[] written = Files.readAllBytes(file);
        assertThat(EncryptedKeyFile.iterations(written)).isEqualTo(600_000);
        assertThat(EncryptedKeyFile.decrypt(written, "pw".toCharArray()).keyId())
                .isEqualTo(signer.keyId());
        assertThatThrownBy(() -> EncryptedKeyFile.write(file, Signers.generate(Scheme.ED25519), "pw".toCharArray()))
                .isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void loadsAFileWrittenWithTheOldTenThousandIterations() {
        Signer signer = Signers.generate(Scheme.ED25519);
        byte[] old = EncryptedKeyFile.encrypt(signer, "pw".toCharArray(), 10_000);

        assertThat(EncryptedKeyFile.iterations(old)).isEqualTo(10_000);
        assertThat(EncryptedKeyFile.decrypt(old, "pw".toCharArray()).keyId()).isEqualTo(signer.keyId());
    }
}

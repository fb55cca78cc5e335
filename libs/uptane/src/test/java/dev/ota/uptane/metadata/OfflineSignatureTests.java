package dev.ota.uptane.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.uptane.crypto.EncryptedKeyFile;
import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.SignatureVerifier;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.Signers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineSignatureTests {

    @TempDir
    Path dir;

    @Test
    void addsTheHoldersSignatureOverTheCanonicalSignedPartAndKeepsTheOthers() throws Exception {
        Signer holder = Signers.generate(Scheme.ED25519);
        Path keyFile = dir.resolve("rita.key");
        EncryptedKeyFile.write(keyFile, holder, "pass".toCharArray(), 1_000);
        byte[] candidate =
                "{\"signatures\":[{\"keyid\":\"ci\",\"sig\":\"00\"}],\"signed\":{\"_type\":\"targets\",\"version\":3}}"
                        .getBytes(StandardCharsets.UTF_8);

        String signed = OfflineSignature.sign(candidate, OfflineSignature.unlock(keyFile, "pass".toCharArray()));

        var document = SignedDocument.parse(signed, body -> body);
        assertThat(document.signatures()).extracting(Signature::keyId).containsExactly("ci", holder.keyId());
        byte[] signature = HexFormat.of().parseHex(document.signatures().get(1).sig());
        assertThat(SignatureVerifier.verify(holder.publicKey(), document.canonicalSigned(), signature))
                .isTrue();
        assertThatThrownBy(() -> OfflineSignature.unlock(keyFile, "wrong".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void takesThePassphraseFromTheEnvironmentAndRefusesWithoutOneOrATerminal() {
        assertThat(OfflineSignature.passphrase(Map.of("OTA_KEY_PASSPHRASE", "secret"), null))
                .containsExactly("secret".toCharArray());
        assertThatThrownBy(() -> OfflineSignature.passphrase(Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OTA_KEY_PASSPHRASE");
    }
}

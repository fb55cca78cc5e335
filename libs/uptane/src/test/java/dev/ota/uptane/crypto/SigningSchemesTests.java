package dev.ota.uptane.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SigningSchemesTests {

    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @EnumSource(Scheme.class)
    void signatureVerifiesWithThePublishedKeyAndFailsOnAnyChange(Scheme scheme) {
        Signer signer = Signers.generate(scheme);
        byte[] message = "{\"signed\":true}".getBytes(StandardCharsets.UTF_8);

        byte[] sig = signer.sign(message);

        assertThat(SignatureVerifier.verify(signer.publicKey(), message, sig)).isTrue();
        assertThat(SignatureVerifier.verify(signer.publicKey(), "{\"signed\":false}".getBytes(), sig))
                .isFalse();
        sig[sig.length / 2] ^= 1;
        assertThat(SignatureVerifier.verify(signer.publicKey(), message, sig)).isFalse();
        assertThat(SignatureVerifier.verify(Signers.generate(scheme).publicKey(), message, signer.sign(message)))
                .isFalse();
    }

    @Test
    void ed25519MatchesRfc8032TestVectorOne() {
        Signer signer =
                Signers.ed25519(HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));

        assertThat(signer.publicKey().publicValue())
                .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        assertThat(HEX.formatHex(signer.sign(new byte[0])))
                .isEqualTo(
                        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    }

    @Test
    void keyIdIsSha256OfTheCanonicalKeyObject() {
        // Independently computed: printf '%s' '{"keytype":"ed25519","keyval":{"public":"d75a..."},"scheme":"ed25519"}'
        // | sha256sum
        TufKey key = new TufKey(Scheme.ED25519, "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

        assertThat(key.keyId()).isEqualTo("74c181c7ad8a0855d4b55e44d2ba87aabdddb196832571f15f92fece332e4916");
    }

    @Test
    void keyIdCoversExtraFieldsOfTheKeyObjectAsParsed() {
        TufKey plain = new TufKey(Scheme.ED25519, "00".repeat(32));
        TufKey withHashAlgorithms = TufKey.fromJson(dev.ota.uptane.json.Json.parse(
                "{\"keyid_hash_algorithms\":[\"sha256\",\"sha512\"],\"keytype\":\"ed25519\","
                        + "\"keyval\":{\"public\":\"" + "00".repeat(32) + "\"},\"scheme\":\"ed25519\"}"));

        assertThat(withHashAlgorithms.keyId()).isNotEqualTo(plain.keyId()).hasSize(64);
    }

    @Test
    void ecdsaAndRsaKeysArePemAndEcdsaSignaturesAreDer() {
        Signer ecdsa = Signers.generate(Scheme.ECDSA_SHA2_NISTP256);
        Signer rsa = Signers.generate(Scheme.RSASSA_PSS_SHA256);

        assertThat(ecdsa.publicKey().publicValue()).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(ecdsa.publicKey().toJsonValue().toString()).contains("keytype=ecdsa", "scheme=ecdsa-sha2-nistp256");
        assertThat(ecdsa.sign(new byte[] {1})[0]).as("DER SEQUENCE tag").isEqualTo((byte) 0x30);
        assertThat(rsa.publicKey().publicValue()).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(rsa.sign(new byte[] {1})).hasSize(384);
    }
}

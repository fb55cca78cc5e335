package dev.ota.uptane.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ota.uptane.json.CanonicalJson;
import dev.ota.uptane.json.Json;
import dev.ota.uptane.json.MalformedMetadataException;
import dev.ota.uptane.metadata.RoleKeys;
import dev.ota.uptane.metadata.RoleType;
import dev.ota.uptane.metadata.Root;
import dev.ota.uptane.metadata.SignedDocument;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Key objects as other TUF implementations write them: key ids over the object as written, curves checked. */
class KeyObjectTests {

    private static String keyObject(String keyType, String pem) {
        return "{\"keytype\":\"" + keyType + "\",\"keyval\":{\"public\":\"" + pem.replace("\n", "\\n")
                + "\"},\"scheme\":\"ecdsa-sha2-nistp256\"}";
    }

    @Test
    void ecdsaKeyWrittenWithTheLongKeytypeSpellingKeepsItsKeyIdAndVerifiesARoot() {
        Signer signer = Signers.generate(Scheme.ECDSA_SHA2_NISTP256);
        String asWritten = keyObject("ecdsa-sha2-nistp256", signer.publicKey().publicValue());
        TufKey key = TufKey.fromJson(Json.parse(asWritten));
        Signer longSpelling = new Signer() {
            @Override
            public TufKey publicKey() {
                return key;
            }

            @Override
            public byte[] sign(byte[] message) {
                return signer.sign(message);
            }
        };
        var roles = Map.of(
                RoleType.ROOT, new RoleKeys(List.of(key.keyId()), 1),
                RoleType.TARGETS, new RoleKeys(List.of(key.keyId()), 1),
                RoleType.SNAPSHOT, new RoleKeys(List.of(key.keyId()), 1),
                RoleType.TIMESTAMP, new RoleKeys(List.of(key.keyId()), 1));
        byte[] root = SignedDocument.sign(
                        Root.create(1, Instant.parse("2030-01-01T00:00:00Z"), roles, List.of(key)), longSpelling)
                .toBytes();

        var parsed = SignedDocument.parse(root, Root::fromJson);

        assertThat(key.keyId()).isEqualTo(Hashing.sha256Hex(CanonicalJson.encode(Json.parse(asWritten))));
        assertThat(parsed.body().keys()).containsOnlyKeys(key.keyId());
        assertThat(parsed.meetsThreshold(
                        parsed.body().role(RoleType.ROOT), parsed.body().keys()))
                .isTrue();
    }

    @Test
    void ecdsaP256KeyOnAnotherCurveIsRefused() throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        String p384 = Pem.encodePublicKey(generator.generateKeyPair().getPublic());

        assertThatThrownBy(() -> TufKey.fromJson(Json.parse(keyObject("ecdsa", p384))))
                .isInstanceOf(MalformedMetadataException.class)
                .hasMessageContaining("P-256");
    }
}

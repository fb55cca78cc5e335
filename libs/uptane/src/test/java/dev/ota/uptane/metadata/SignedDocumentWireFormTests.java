package dev.ota.uptane.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ota.uptane.crypto.Scheme;
import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.Signers;
import dev.ota.uptane.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SignedDocumentWireFormTests {

    /** A root listing only the signer's key (an ECDSA key's PEM public value carries newlines). */
    private static SignedDocument<Root> rootSignedBy(Signer ecdsa) {
        var roles = new EnumMap<RoleType, RoleKeys>(RoleType.class);
        for (RoleType role : RoleType.values()) {
            roles.put(role, new RoleKeys(List.of(ecdsa.keyId()), 1));
        }
        var root = Root.create(1, Instant.now().plus(1, ChronoUnit.DAYS), roles, List.of(ecdsa.publicKey()));
        return SignedDocument.sign(root, ecdsa);
    }

    @Test
    void aDocumentWithAPemKeyIsServedAsStrictJsonAndStillVerifies() {
        Signer ecdsa = Signers.generate(Scheme.ECDSA_SHA2_NISTP256);
        var document = rootSignedBy(ecdsa);

        byte[] served = document.toBytes();

        assertThat(new String(document.canonicalSigned(), StandardCharsets.UTF_8))
                .as("signatures cover the canonical form, newlines raw")
                .contains("-----BEGIN PUBLIC KEY-----\n");
        for (byte b : served) {
            assertThat(b < 0 || b >= 0x20)
                    .as("no raw control character in the served bytes")
                    .isTrue();
        }
        // a strict RFC 8259 parser reads it (Jackson's default refuses raw control characters in strings)
        assertThat(JsonMapper.builder()
                        .build()
                        .readTree(served)
                        .get("signed")
                        .get("_type")
                        .asString())
                .isEqualTo("root");
        var parsed = SignedDocument.parse(served, Root::fromJson);
        assertThat(parsed.canonicalSigned()).isEqualTo(document.canonicalSigned());
        assertThat(parsed.meetsThreshold(
                        new RoleKeys(List.of(ecdsa.keyId()), 1), Map.of(ecdsa.keyId(), ecdsa.publicKey())))
                .isTrue();
    }

    @Test
    void aDocumentWithoutControlCharactersIsServedExactlyCanonical() {
        Signer ed25519 = Signers.generate(Scheme.ED25519);
        var document = rootSignedBy(ed25519);

        assertThat(document.toBytes()).isEqualTo(CanonicalJson.encode(document));
    }
}

package dev.ota.signing.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EcdsaSignatureEncodingTests {

    private static final byte[] MESSAGE = "{\"_type\":\"timestamp\"}".getBytes(StandardCharsets.UTF_8);

    private static KeyPair p256() throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    @Test
    void aRawSignatureAsKeyVaultReturnsItVerifiesAsDerWithTheJdk() throws Exception {
        KeyPair pair = p256();
        // 200 signatures: r or s has its top bit set in about half of them and a leading zero byte in some
        for (int i = 0; i < 200; i++) {
            var p1363 = Signature.getInstance("SHA256withECDSAinP1363Format");
            p1363.initSign(pair.getPrivate());
            p1363.update(MESSAGE);
            byte[] raw = p1363.sign();

            byte[] der = EcdsaSignatureEncoding.rawToDer(raw);

            var verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(pair.getPublic());
            verifier.update(MESSAGE);
            assertThat(verifier.verify(der)).as("signature %d", i).isTrue();
        }
    }

    @Test
    void integersWithTheTopBitSetGetALeadingZeroAndLeadingZerosAreDropped() {
        byte[] raw = new byte[64];
        raw[0] = (byte) 0x80; // r = 0x80 00..00 01: top bit set, must be written 00 80 ...
        raw[31] = 1;
        raw[63] = 0x7f; // s = 0x7f: 31 leading zero bytes, written as one byte

        byte[] der = EcdsaSignatureEncoding.rawToDer(raw);

        String hex = HexFormat.of().formatHex(der);
        assertThat(hex).startsWith("3026" + "0221" + "0080").endsWith("0201" + "7f");
        assertThat(new BigInteger(1, Arrays.copyOfRange(der, 5, 37))).isEqualTo(new BigInteger(1, raw, 0, 32));
    }

    @Test
    void refusesAnythingButSixtyFourBytes() {
        assertThatThrownBy(() -> EcdsaSignatureEncoding.rawToDer(new byte[72]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 bytes");
        assertThatThrownBy(() -> EcdsaSignatureEncoding.rawToDer(new byte[63]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

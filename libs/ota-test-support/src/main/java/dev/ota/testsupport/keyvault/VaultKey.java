package dev.ota.testsupport.keyvault;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One version of a key the double holds: the key pair (the private half never leaves the double, as in the real
 * vault) and the identifier the vault gives it, {@code <vault>/keys/<name>/<version>}.
 */
record VaultKey(String kid, String name, String version, KeyPair pair) {

    /** The key bundle Key Vault answers with: the public JWK (RFC 7517) and its attributes. */
    Map<String, Object> bundle() {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kid", kid);
        switch (pair.getPublic()) {
            case ECPublicKey ec -> {
                int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
                jwk.put("kty", "EC");
                jwk.put("key_ops", List.of("sign", "verify"));
                jwk.put("crv", size == 32 ? "P-256" : size == 48 ? "P-384" : "P-521");
                jwk.put("x", base64Url(unsigned(ec.getW().getAffineX(), size)));
                jwk.put("y", base64Url(unsigned(ec.getW().getAffineY(), size)));
            }
            case RSAPublicKey rsa -> {
                jwk.put("kty", "RSA");
                jwk.put("key_ops", List.of("sign", "verify", "encrypt", "decrypt", "wrapKey", "unwrapKey"));
                jwk.put(
                        "n",
                        base64Url(unsigned(rsa.getModulus(), (rsa.getModulus().bitLength() + 7) / 8)));
                jwk.put("e", base64Url(rsa.getPublicExponent().toByteArray()));
            }
            default ->
                throw new IllegalStateException(
                        "unexpected key " + pair.getPublic().getAlgorithm());
        }
        long now = System.currentTimeMillis() / 1000;
        return Map.of(
                "key",
                jwk,
                "attributes",
                Map.of(
                        "enabled",
                        true,
                        "created",
                        now,
                        "updated",
                        now,
                        "recoveryLevel",
                        "Recoverable+Purgeable",
                        "recoverableDays",
                        90));
    }

    boolean isEcP256() {
        return pair.getPublic() instanceof ECPublicKey ec
                && ec.getParams().getCurve().getField().getFieldSize() == 256;
    }

    static byte[] unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length == length) {
            return bytes;
        }
        if (bytes.length > length) {
            return Arrays.copyOfRange(bytes, bytes.length - length, bytes.length);
        }
        byte[] padded = new byte[length];
        System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
        return padded;
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

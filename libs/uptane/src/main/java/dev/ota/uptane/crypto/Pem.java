package dev.ota.uptane.crypto;

import dev.ota.uptane.json.MalformedMetadataException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** PEM "PUBLIC KEY" (SubjectPublicKeyInfo) as TUF writes ECDSA and RSA public keys. */
public final class Pem {

    private Pem() {}

    public static String encodePublicKey(PublicKey key) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    public static PublicKey decodePublicKey(String pem, String algorithm) {
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new MalformedMetadataException("not a PEM " + algorithm + " public key", e);
        }
    }
}

package dev.ota.uptane.crypto;

import dev.ota.uptane.json.MalformedMetadataException;

/**
 * The signature schemes of TUF 1.0 section 4.2 ("KEYTYPE" / "SCHEME"), with the key type each one is used with and
 * the encoding of the public key value.
 */
public enum Scheme {
    /** Ed25519 (RFC 8032); public key: 64 hex digits; signature: 128 hex digits. */
    ED25519("ed25519", "ed25519"),
    /** ECDSA on NIST P-256 with SHA-256; public key: PEM SubjectPublicKeyInfo; signature: hex of the DER sequence. */
    ECDSA_SHA2_NISTP256("ecdsa", "ecdsa-sha2-nistp256"),
    /** RSASSA-PSS with SHA-256, MGF1-SHA-256, salt length 32; public key: PEM SubjectPublicKeyInfo. */
    RSASSA_PSS_SHA256("rsa", "rsassa-pss-sha256");

    private final String keyType;
    private final String wireName;

    Scheme(String keyType, String wireName) {
        this.keyType = keyType;
        this.wireName = wireName;
    }

    /** The {@code keytype} written in key objects. */
    public String keyType() {
        return keyType;
    }

    /** The {@code scheme} written in key objects. */
    public String wireName() {
        return wireName;
    }

    public static Scheme fromWire(String keyType, String scheme) {
        for (Scheme s : values()) {
            // TUF 1.0 lists "ecdsa-sha2-nistp256" as a key type; securesystemslib and python-tuf write "ecdsa".
            boolean typeMatches = s.keyType.equals(keyType) || (s == ECDSA_SHA2_NISTP256 && s.wireName.equals(keyType));
            if (s.wireName.equals(scheme) && typeMatches) {
                return s;
            }
        }
        throw new MalformedMetadataException("unsupported key type / scheme: " + keyType + " / " + scheme);
    }
}

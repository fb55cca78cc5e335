package dev.ota.uptane.crypto;

/**
 * Something that holds a private key and signs with it: a software key, or a key inside a PKCS#11 token. Callers
 * never see private key material.
 */
public interface Signer {

    TufKey publicKey();

    /** The TUF key id of {@link #publicKey()}. */
    default String keyId() {
        return publicKey().keyId();
    }

    /** Signs the message (for metadata: the canonical JSON of "signed") in this key's scheme. */
    byte[] sign(byte[] message);
}

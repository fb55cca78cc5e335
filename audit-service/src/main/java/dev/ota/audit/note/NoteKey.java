package dev.ota.audit.note;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The public half of an Ed25519 note key, in the C2SP signed-note encoding: verifier key
 * {@code <name>+<key hash hex>+<base64(0x01 || public key)>}, key hash = first four bytes of
 * {@code SHA-256(name || "\n" || 0x01 || public key)}.
 */
public record NoteKey(String name, byte[] publicKey) {

    static final byte ED25519 = 0x01;

    public NoteKey {
        if (name.isEmpty() || name.chars().anyMatch(c -> c == '+' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("a key name is non-empty, without spaces or '+'");
        }
        if (publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
        }
        publicKey = publicKey.clone();
    }

    public byte[] keyHash() {
        return keyHash(name, ED25519, publicKey);
    }

    /** C2SP signed-note key hash: the first four bytes of {@code SHA-256(name || "\n" || type || public key)}. */
    static byte[] keyHash(String name, byte type, byte[] publicKey) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(name.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            sha256.update(type);
            sha256.update(publicKey);
            return Arrays.copyOf(sha256.digest(), 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String keyHashHex() {
        return HexFormat.of().formatHex(keyHash());
    }

    public String verifierKey() {
        return verifierKey(name, ED25519, publicKey);
    }

    /** Parses a verifier key string and checks that its key hash matches its name and key. */
    public static NoteKey parseVerifierKey(String text) {
        String[] parts = verifierKeyParts(text, ED25519, "only Ed25519 verifier keys are supported");
        NoteKey key = new NoteKey(parts[0], Base64.getDecoder().decode(parts[2]));
        if (!key.keyHashHex().equals(parts[1])) {
            throw new IllegalArgumentException("verifier key hash does not match its name and key");
        }
        return key;
    }

    /**
     * Splits {@code <name>+<hash>+<base64(type || key)>} and checks the key type; the third part becomes the base64 of
     * the bare 32-byte key.
     */
    static String[] verifierKeyParts(String text, byte type, String wrongType) {
        String[] parts = text.strip().split("\\+", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a verifier key is <name>+<hash>+<key>");
        }
        byte[] typed;
        try {
            typed = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("verifier key is not base64", e);
        }
        if (typed.length != 33 || typed[0] != type) {
            throw new IllegalArgumentException(wrongType);
        }
        parts[2] = Base64.getEncoder().encodeToString(Arrays.copyOfRange(typed, 1, 33));
        return parts;
    }

    static String verifierKey(String name, byte type, byte[] publicKey) {
        byte[] typed = new byte[33];
        typed[0] = type;
        System.arraycopy(publicKey, 0, typed, 1, 32);
        return name + "+" + HexFormat.of().formatHex(keyHash(name, type, publicKey)) + "+"
                + Base64.getEncoder().encodeToString(typed);
    }

    public boolean verifies(byte[] message, byte[] signature) {
        return verifies(publicKey, message, signature);
    }

    static boolean verifies(byte[] publicKey, byte[] message, byte[] signature) {
        if (signature.length != Ed25519PublicKeyParameters.KEY_SIZE * 2) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }
}

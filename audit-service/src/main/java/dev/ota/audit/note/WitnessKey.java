package dev.ota.audit.note;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A witness's public key for C2SP tlog-cosignature/v1: an Ed25519 key whose key hash and verifier key use the
 * signature type {@code 0x04}, so a cosignature can never be mistaken for the log's own signature (type {@code 0x01})
 * over the same body. Verifier key: {@code <name>+<key hash hex>+<base64(0x04 || public key)>}.
 */
public record WitnessKey(String name, byte[] publicKey) {

    static final byte COSIGNATURE_V1 = 0x04;

    public WitnessKey {
        new NoteKey(name, publicKey); // same rules for the name and the key
        publicKey = publicKey.clone();
    }

    public byte[] keyHash() {
        return NoteKey.keyHash(name, COSIGNATURE_V1, publicKey);
    }

    public String keyHashHex() {
        return HexFormat.of().formatHex(keyHash());
    }

    public String verifierKey() {
        return NoteKey.verifierKey(name, COSIGNATURE_V1, publicKey);
    }

    /** Parses a witness verifier key string and checks that its key hash matches its name and key. */
    public static WitnessKey parseVerifierKey(String text) {
        String[] parts = NoteKey.verifierKeyParts(
                text, COSIGNATURE_V1, "a witness key is an Ed25519 cosignature/v1 key (type 0x04)");
        WitnessKey key = new WitnessKey(parts[0], Base64.getDecoder().decode(parts[2]));
        if (!key.keyHashHex().equals(parts[1])) {
            throw new IllegalArgumentException("witness key hash does not match its name and key");
        }
        return key;
    }

    /** True when the cosignature is this witness's (name and key hash) and verifies over the checkpoint body. */
    public boolean verifies(Cosignature cosignature, String checkpointBody) {
        return cosignature.witnessName().equals(name)
                && Arrays.equals(cosignature.keyHash(), keyHash())
                && NoteKey.verifies(
                        publicKey, Cosignature.message(checkpointBody, cosignature.time()), cosignature.signature());
    }

    /** True when some signature line of the note is a valid cosignature by this witness. */
    public boolean cosigned(SignedNote note) {
        return note.signatures().stream()
                .flatMap(s -> Cosignature.of(s).stream())
                .anyMatch(c -> verifies(c, note.body()));
    }

    @Override
    public String toString() {
        return "WitnessKey[" + verifierKey() + "]";
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.ota.audit.note;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** An Ed25519 private key that signs notes (Bouncy Castle lightweight API). */
public final class NoteSigner {

    private final Ed25519PrivateKeyParameters privateKey;
    private final NoteKey publicKey;

    public NoteSigner(String name, byte[] seed) {
        if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 private key seed is 32 bytes");
        }
        this.privateKey = new Ed25519PrivateKeyParameters(seed, 0);
        this.publicKey = new NoteKey(name, privateKey.generatePublicKey().getEncoded());
    }

    public static byte[] newSeed() {
        byte[] seed = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
        new SecureRandom().nextBytes(seed);
        return seed;
    }

    public NoteKey publicKey() {
        return publicKey;
    }

    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** Signs a note body (which must end in a newline) and returns the whole signed note. */
    public SignedNote signNote(String body) {
        byte[] signature = sign(body.getBytes(StandardCharsets.UTF_8));
        return new SignedNote(
                body, java.util.List.of(new SignedNote.Signature(publicKey.name(), publicKey.keyHash(), signature)));
    }

    @Override
    public String toString() {
        return "NoteSigner[" + publicKey.verifierKey() + "]";
    }
}

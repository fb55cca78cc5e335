package dev.ota.audit.note;

/** A witness's Ed25519 private key, which cosigns checkpoint bodies (C2SP tlog-cosignature/v1). */
public final class WitnessSigner {

    private final NoteSigner ed25519;
    private final WitnessKey publicKey;

    public WitnessSigner(String name, byte[] seed) {
        this.ed25519 = new NoteSigner(name, seed);
        this.publicKey = new WitnessKey(name, ed25519.publicKey().publicKey());
    }

    public WitnessKey publicKey() {
        return publicKey;
    }

    /** Cosigns a checkpoint body at {@code time} (seconds since the epoch). */
    public Cosignature cosign(String checkpointBody, long time) {
        return new Cosignature(
                publicKey.name(), publicKey.keyHash(), time, ed25519.sign(Cosignature.message(checkpointBody, time)));
    }

    @Override
    public String toString() {
        return "WitnessSigner[" + publicKey.verifierKey() + "]";
    }
}

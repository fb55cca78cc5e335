package dev.ota.audit;

import dev.ota.audit.note.WitnessSigner;
import java.util.Arrays;

/** The witness the service under test trusts ({@link AuditServiceTest} configures its key). */
public final class TestWitness {

    public static final String NAME = "witness.test.ota.dev";

    /** The verifier key of {@link #signer()}: a constant, because an annotation attribute needs one. */
    public static final String VERIFIER_KEY =
            "witness.test.ota.dev+6cec0fff+BOpKbGPinFIKvvVQexMuxfmVR3auvr57kkIe6mkURtIs";

    private TestWitness() {}

    /** The witness's private key seed: 32 bytes of 7, for tests only. */
    public static byte[] seed() {
        byte[] seed = new byte[32];
        Arrays.fill(seed, (byte) 7);
        return seed;
    }

    public static WitnessSigner signer() {
        return new WitnessSigner(NAME, seed());
    }
}

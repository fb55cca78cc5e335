package dev.ota.signing.director;

import dev.ota.uptane.crypto.Signer;
import dev.ota.uptane.crypto.TufKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * An online director key that counts what it signs ({@code ota_director_signatures_total{role}}): the figure that
 * shows asks are answered from stored metadata, and what the re-signing job costs.
 */
final class CountedSigner implements Signer {

    private final Signer key;
    private final Counter signatures;

    CountedSigner(Signer key, String role, MeterRegistry meters) {
        this.key = key;
        this.signatures = Counter.builder("ota.director.signatures")
                .description("director documents signed, by role")
                .tag("role", role)
                .register(meters);
    }

    @Override
    public TufKey publicKey() {
        return key.publicKey();
    }

    @Override
    public String keyId() {
        return key.keyId();
    }

    @Override
    public byte[] sign(byte[] message) {
        signatures.increment();
        return key.sign(message);
    }
}

package dev.ota.simulator.uptane;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The roots the vehicles were "shipped with": the image repository's and the director's root metadata. Provisioned
 * from files at start or through the control API, never taken from what arrives over the air.
 */
public final class TrustAnchors {

    /** Both roots, as the exact JSON bytes. */
    public record Roots(byte[] imageRoot, byte[] directorRoot) {}

    private final AtomicReference<Roots> roots = new AtomicReference<>();

    public void provision(byte[] imageRoot, byte[] directorRoot) {
        roots.set(new Roots(imageRoot.clone(), directorRoot.clone()));
    }

    public Optional<Roots> roots() {
        return Optional.ofNullable(roots.get());
    }
}

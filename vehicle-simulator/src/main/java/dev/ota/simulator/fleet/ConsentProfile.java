package dev.ota.simulator.fleet;

/** How drivers answer consent requests: probabilities to accept, decline or ignore, summing to 1. */
public record ConsentProfile(double accept, double decline, double ignore) {

    public static final ConsentProfile ALWAYS_ACCEPT = new ConsentProfile(1, 0, 0);

    public ConsentProfile {
        if (accept < 0 || decline < 0 || ignore < 0 || Math.abs(accept + decline + ignore - 1) > 1e-9) {
            throw new IllegalArgumentException("consent probabilities must be non-negative and sum to 1");
        }
    }
}

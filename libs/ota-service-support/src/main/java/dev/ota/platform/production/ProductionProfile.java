package dev.ota.platform.production;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * The Spring profile every container image and Kubernetes manifest runs ({@code SPRING_PROFILES_ACTIVE=production}).
 * Under it no development key material is made and every key, passphrase and credential comes from the environment.
 * The local platform ({@code ./ota up}) runs the {@code local} profile, tests none.
 */
public final class ProductionProfile {

    public static final String NAME = "production";

    private ProductionProfile() {}

    public static boolean isActive(Environment environment) {
        return environment.acceptsProfiles(Profiles.of(NAME));
    }
}

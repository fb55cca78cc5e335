package dev.ota.platform.security;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * Where tokens are verified ({@code ota.security.jwt.*}). Production and the local platform name the authorization
 * server's JWK set; tests name a PEM public key. Exactly one of the two must be given.
 *
 * @param jwkSetUri the issuer's JWK set, fetched on first use and cached
 * @param publicKeyLocation an RSA public key (PEM)
 * @param issuer when set, tokens must carry this {@code iss}
 * @param audience tokens must name this service in {@code aud} (default: the application's name): a token issued for
 *     another service, even one with the right roles, is refused here
 */
@ConfigurationProperties("ota.security.jwt")
public record JwtProperties(
        @Nullable String jwkSetUri,
        @Nullable Resource publicKeyLocation,
        @Nullable String issuer,
        String audience) {

    public JwtProperties {
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException(
                    "set ota.security.jwt.audience (the name tokens for this service carry)");
        }
        if ((jwkSetUri == null || jwkSetUri.isBlank()) == (publicKeyLocation == null)) {
            throw new IllegalArgumentException(
                    "set exactly one of ota.security.jwt.jwk-set-uri and ota.security.jwt.public-key-location");
        }
    }
}

package dev.ota.cli.platform;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What {@code ota login} keeps between commands: the machine client, its secret (to renew the token when it expires,
 * which the authorization server does after minutes) and the current access token.
 *
 * @param clientSecret none for a person's device-code login: its token cannot be renewed without the person, who logs
 *     in again when it expires
 */
public record Login(
        String issuer, String clientId, @Nullable String clientSecret, String accessToken, Instant expiresAt) {

    /** Renew this long before the token expires, so a request never goes out with a token about to lapse. */
    static final long RENEW_SECONDS_EARLY = 30;

    boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    boolean needsRenewal(Instant now) {
        return !now.isBefore(expiresAt.minusSeconds(RENEW_SECONDS_EARLY));
    }
}

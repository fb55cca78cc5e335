package dev.ota.cli.platform;

import java.time.Instant;

/**
 * What {@code ota login} keeps between commands: the machine client, its secret (to renew the token when it expires,
 * which the authorization server does after minutes) and the current access token.
 */
public record Login(String issuer, String clientId, String clientSecret, String accessToken, Instant expiresAt) {

    /** Renew this long before the token expires, so a request never goes out with a token about to lapse. */
    static final long RENEW_SECONDS_EARLY = 30;

    boolean needsRenewal(Instant now) {
        return !now.isBefore(expiresAt.minusSeconds(RENEW_SECONDS_EARLY));
    }
}

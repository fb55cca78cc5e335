package dev.ota.platform.security;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Accepts only tokens whose {@code aud} names this service (RFC 7519 4.1.3). Roles say what a caller may do; the
 * audience says where: without it a token obtained for one service (a witness's for audit-service, a CI pipeline's for
 * signing-service) would be accepted by every other service that knows the same role names.
 *
 * @param audience this service's name in tokens
 */
record AudienceValidator(String audience) implements OAuth2TokenValidator<Jwt> {

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        if (token.getAudience() != null && token.getAudience().contains(audience)) {
            return OAuth2TokenValidatorResult.success();
        }
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(
                OAuth2ErrorCodes.INVALID_TOKEN, "the token's audience does not include " + audience, null));
    }
}

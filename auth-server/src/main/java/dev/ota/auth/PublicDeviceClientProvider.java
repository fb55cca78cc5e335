package dev.ota.auth;

import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Accepts a public client with no secret, but only one registered for the device-code grant alone and with the
 * {@code none} authentication method. A client allowed any other grant is left to the server's own providers, so a
 * PKCE client never skips its code-verifier check here.
 */
final class PublicDeviceClientProvider implements AuthenticationProvider {

    private static final Set<AuthorizationGrantType> DEVICE_ONLY = Set.of(AuthorizationGrantType.DEVICE_CODE);

    private final RegisteredClientRepository clients;

    PublicDeviceClientProvider(RegisteredClientRepository clients) {
        this.clients = clients;
    }

    @Override
    public @Nullable Authentication authenticate(Authentication authentication) {
        OAuth2ClientAuthenticationToken request = (OAuth2ClientAuthenticationToken) authentication;
        if (!ClientAuthenticationMethod.NONE.equals(request.getClientAuthenticationMethod())) {
            return null;
        }
        RegisteredClient client = clients.findByClientId(String.valueOf(request.getPrincipal()));
        if (client == null || !DEVICE_ONLY.equals(client.getAuthorizationGrantTypes())) {
            return null;
        }
        if (!client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
        }
        return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
    }
}

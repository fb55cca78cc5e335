package dev.ota.auth;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads the client of a device-flow request that carries only a {@code client_id} (RFC 8628 section 3.1: a public
 * client such as a command line keeps no secret). The server's own public-client converter only reads PKCE requests of
 * the authorization-code grant, so without this a device request with no secret is refused before it is looked at.
 * Requests with a secret or a Basic header are left to the server's converters.
 */
final class PublicDeviceClientConverter implements AuthenticationConverter {

    private final String deviceAuthorizationUri;

    PublicDeviceClientConverter(String deviceAuthorizationUri) {
        this.deviceAuthorizationUri = deviceAuthorizationUri;
    }

    @Override
    public @Nullable Authentication convert(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod()) || !isDeviceRequest(request)) {
            return null;
        }
        String clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
        if (clientId == null
                || clientId.isBlank()
                || request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
                || request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
            return null;
        }
        return new OAuth2ClientAuthenticationToken(clientId, ClientAuthenticationMethod.NONE, null, Map.of());
    }

    private boolean isDeviceRequest(HttpServletRequest request) {
        String grantType = request.getParameter(OAuth2ParameterNames.GRANT_TYPE);
        if (grantType != null) {
            return AuthorizationGrantType.DEVICE_CODE.getValue().equals(grantType);
        }
        return request.getRequestURI().endsWith(deviceAuthorizationUri);
    }
}

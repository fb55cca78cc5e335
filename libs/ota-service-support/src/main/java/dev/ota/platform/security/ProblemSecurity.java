package dev.ota.platform.security;

import dev.ota.platform.web.ServletProblems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Refused requests as RFC 9457 problem details: 401 without a valid token, 403 with a token whose roles do not fit.
 * The {@code WWW-Authenticate} header stays as RFC 6750 has it (Spring Security's bearer-token handlers set it); the
 * body is the problem detail instead of nothing. Every filter chain of a resource server applies it:
 *
 * <pre>{@code
 * http.oauth2ResourceServer(oauth2 -> ProblemSecurity.answerWithProblems(oauth2).jwt(...))
 * }</pre>
 */
public final class ProblemSecurity {

    private ProblemSecurity() {}

    /** Makes the resource server answer refused tokens and refused roles with problem details. */
    public static OAuth2ResourceServerConfigurer<HttpSecurity> answerWithProblems(
            OAuth2ResourceServerConfigurer<HttpSecurity> oauth2) {
        return oauth2.authenticationEntryPoint(new ProblemEntryPoint()).accessDeniedHandler(new ProblemAccessDenied());
    }

    private static final class ProblemEntryPoint implements AuthenticationEntryPoint {

        private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

        @Override
        public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refusal)
                throws IOException {
            bearer.commence(request, response, refusal);
            ServletProblems.write(response, request.getRequestURI());
        }
    }

    private static final class ProblemAccessDenied implements AccessDeniedHandler {

        private final BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
                throws IOException {
            bearer.handle(request, response, denied);
            ServletProblems.write(response, request.getRequestURI());
        }
    }
}

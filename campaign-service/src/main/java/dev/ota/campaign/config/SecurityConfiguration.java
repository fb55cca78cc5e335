package dev.ota.campaign.config;

import dev.ota.platform.security.ProblemSecurity;
import dev.ota.platform.security.Roles;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Two filter chains. The API ({@code /api/**}) is a stateless OAuth2 resource server: bearer JWTs, roles from the
 * {@code roles} claim, no session, no CSRF (no cookies to ride on), refusals as problem details. Everything else is the fleet-operations dashboard:
 * browser login through the authorization server (authorization code + PKCE), a server-side session, CSRF protection
 * on every state-changing request, and the roles taken from the access token the authorization server issued.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String RELEASE_ENGINEER = Roles.RELEASE_ENGINEER;
    private static final String FLEET_OPS = Roles.FLEET_OPS;
    private static final String APPROVER = Roles.APPROVER;
    private static final String AUDITOR = Roles.AUDITOR;
    private static final String ADMIN = Roles.ADMIN;
    private static final String VEHICLE_PROVISIONER = Roles.VEHICLE_PROVISIONER;

    static final String ROLES_CLAIM = "roles";

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http) throws Exception {
        http.securityMatcher(
                        "/api/**",
                        "/actuator/**",
                        "/v3/api-docs",
                        "/v3/api-docs/**",
                        "/swagger-ui/**",
                        "/swagger-ui.html")
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info")
                        .permitAll()
                        .requestMatchers(
                                HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")
                        .permitAll()
                        // Roles are checked here as well as by @PreAuthorize, so a caller without the role is refused
                        // before its request body is even read (403, never a 400 that reveals validation rules).
                        // dead letters (ota-service-support's admin endpoint): administrators only
                        .requestMatchers("/api/admin/**")
                        .hasRole(ADMIN)
                        .requestMatchers(
                                HttpMethod.POST,
                                "/api/campaigns",
                                "/api/campaigns/review",
                                "/api/campaigns/*/submit",
                                "/api/segments")
                        .hasAnyRole(RELEASE_ENGINEER, ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/campaigns/*/approve", "/api/campaigns/*/reject")
                        .hasAnyRole(APPROVER, ADMIN)
                        .requestMatchers(
                                HttpMethod.POST,
                                "/api/campaigns/*/schedule",
                                "/api/campaigns/*/start",
                                "/api/campaigns/*/hold",
                                "/api/campaigns/*/resume",
                                "/api/campaigns/*/abort",
                                "/api/campaigns/*/advance")
                        .hasAnyRole(FLEET_OPS, ADMIN)
                        .requestMatchers(HttpMethod.PUT, "/api/vehicles/*")
                        .hasAnyRole(RELEASE_ENGINEER, FLEET_OPS, ADMIN, VEHICLE_PROVISIONER)
                        .requestMatchers(HttpMethod.POST, "/api/targeting/preview")
                        .hasAnyRole(RELEASE_ENGINEER, FLEET_OPS, APPROVER, ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/**")
                        .hasAnyRole(RELEASE_ENGINEER, FLEET_OPS, APPROVER, AUDITOR, ADMIN)
                        // Metrics for any authenticated caller (a scraper's client token), as every other service.
                        .requestMatchers(HttpMethod.GET, "/actuator/**")
                        .authenticated()
                        .anyRequest()
                        .denyAll())
                .oauth2ResourceServer(oauth2 -> ProblemSecurity.answerWithProblems(oauth2)
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(new RolesClaim())))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain dashboardChain(
            HttpSecurity http, @Value("${spring.security.oauth2.client.provider.ota.jwk-set-uri}") String jwkSetUri)
            throws Exception {
        JwtDecoder accessTokens = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).build();
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/error")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .oauth2Login(login -> login.userInfoEndpoint(user -> user.oidcUserService(rolesFrom(accessTokens))))
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
                                new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                                PathPatternRequestMatcher.withDefaults().matcher("/dashboard/api/**"))
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint("/oauth2/authorization/ota"),
                                PathPatternRequestMatcher.withDefaults().matcher("/**")))
                .logout(logout -> logout.logoutSuccessUrl("/dashboard/"))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED));
        return http.build();
    }

    /** The dashboard user's roles are those in the access token, exactly as the API would see them. */
    private static OAuth2UserService<OidcUserRequest, OidcUser> rolesFrom(JwtDecoder accessTokens) {
        OidcUserService delegate = new OidcUserService();
        return request -> {
            OidcUser user = delegate.loadUser(request);
            Jwt token = accessTokens.decode(request.getAccessToken().getTokenValue());
            Collection<GrantedAuthority> authorities = new ArrayList<>(roleAuthorities(token));
            return new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo(), "sub");
        };
    }

    static List<GrantedAuthority> roleAuthorities(Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList(ROLES_CLAIM);
        return roles == null
                ? List.of()
                : roles.stream()
                        .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role))
                        .toList();
    }

    /** Bearer tokens: roles from the {@code roles} claim, the principal named by the subject. */
    static final class RolesClaim implements Converter<Jwt, AbstractAuthenticationToken> {

        @Override
        public AbstractAuthenticationToken convert(Jwt jwt) {
            return new JwtAuthenticationToken(jwt, roleAuthorities(jwt), jwt.getSubject());
        }
    }
}

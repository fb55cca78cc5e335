package dev.ota.signing.web;

import dev.ota.platform.security.ProblemSecurity;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The shared resource-server rules, plus public read access to the repository files: vehicles and standard TUF
 * clients fetch them without a token; their signatures, not the transport, are what makes them trustworthy. The same
 * holds for the fleet CA's CRL and certificate.
 */
@Configuration(proxyBeanMethods = false)
class RepositorySecurity {

    @Bean
    SecurityFilterChain repositoryFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                HttpMethod.GET,
                                "/repo/image/metadata/*",
                                "/repo/image/targets/**",
                                "/repo/director/metadata/*",
                                // signed public data; the brokers fetch the CRL without a credential
                                "/api/v1/fleet-ca/crl",
                                "/api/v1/fleet-ca/ca-certificate")
                        .permitAll()
                        .requestMatchers(HttpMethod.HEAD, "/repo/image/targets/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info")
                        .permitAll()
                        .requestMatchers(
                                HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")
                        .permitAll()
                        .requestMatchers("/error")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(oauth2 -> ProblemSecurity.answerWithProblems(oauth2)
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(source -> {
                            // same mapping as the shared chain: the JWT "roles" claim becomes ROLE_* authorities
                            List<String> roles = source.getClaimAsStringList("roles");
                            List<GrantedAuthority> authorities = roles == null
                                    ? List.of()
                                    : roles.stream()
                                            .map(r -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + r))
                                            .toList();
                            return new JwtAuthenticationToken(source, authorities, source.getSubject());
                        })))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }
}

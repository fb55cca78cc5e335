package dev.ota.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** People, the signing key, and the {@code roles} claim that every OTA service reads. */
@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

    static final String ROLES_CLAIM = "roles";

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(DemoIdentityProperties properties, PasswordEncoder encoder) {
        return new InMemoryUserDetailsManager(properties.users().stream()
                .map(user -> User.withUsername(user.username())
                        .password(encoder.encode(user.password()))
                        .roles(user.roles().toArray(String[]::new))
                        .build())
                .toList());
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(DemoIdentityProperties properties) {
        RSAKey key = SigningKeyStore.loadOrCreate(properties.keyFile());
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    /**
     * Puts the platform roles into access tokens (a person's roles, or a machine client's configured roles) and names
     * the services the token is meant for: the client's configured audiences replace the default {@code aud} (the
     * client id), which no service accepts.
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> rolesClaim(DemoIdentityProperties properties) {
        return context -> {
            if (!"access_token".equals(context.getTokenType().getValue())) {
                return;
            }
            List<String> roles;
            if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                roles = properties
                        .clientRoles()
                        .getOrDefault(context.getRegisteredClient().getClientId(), List.of());
            } else {
                roles = context.getPrincipal().getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .filter(authority -> authority.startsWith("ROLE_"))
                        .map(authority -> authority.substring("ROLE_".length()))
                        .toList();
            }
            context.getClaims().claim(ROLES_CLAIM, roles);
            context.getClaims()
                    .audience(properties
                            .clientAudiences()
                            .getOrDefault(context.getRegisteredClient().getClientId(), List.of()));
        };
    }
}

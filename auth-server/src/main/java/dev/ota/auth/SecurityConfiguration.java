package dev.ota.auth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The protocol endpoints (token, authorize, JWKS, OIDC discovery, and the device-code flow of RFC 8628 for the command
 * line) and a login page; health stays open for probes.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerEndpoints(
            HttpSecurity http, RegisteredClientRepository clients, AuthorizationServerSettings settings)
            throws Exception {
        http.oauth2AuthorizationServer(server -> {
                    http.securityMatcher(server.getEndpointsMatcher());
                    server.oidc(Customizer.withDefaults());
                    server.clientAuthentication(client -> client.authenticationConverter(
                                    new PublicDeviceClientConverter(settings.getDeviceAuthorizationEndpoint()))
                            .authenticationProvider(new PublicDeviceClientProvider(clients)));
                    server.deviceAuthorizationEndpoint(
                            device -> device.verificationUri(DeviceActivationPages.ACTIVATE));
                    server.deviceVerificationEndpoint(verification -> verification.deviceVerificationResponseHandler(
                            new SimpleUrlAuthenticationSuccessHandler(DeviceActivationPages.ACTIVATED)));
                })
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain loginAndProbes(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(
                        requests -> requests.requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**")
                                .permitAll()
                                .anyRequest()
                                .authenticated())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }
}

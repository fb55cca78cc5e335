package dev.ota.auth;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may sign in locally ({@code ota.auth.*}).
 *
 * @param users people with their password and roles
 * @param clientRoles roles carried by tokens that a machine client obtains for itself (client credentials)
 * @param keyFile where the token-signing key is kept so that tokens survive a restart; none keeps it in memory
 * @param clientAudiences the services a client's access tokens are meant for ({@code aud}; for the dashboard's people
 *     too): every service accepts only tokens naming it. A client without an entry gets tokens no service accepts
 */
@ConfigurationProperties("ota.auth")
public record DemoIdentityProperties(
        List<DemoUser> users,
        Map<String, List<String>> clientRoles,
        @Nullable Path keyFile,
        Map<String, List<String>> clientAudiences) {

    public DemoIdentityProperties {
        users = users == null ? List.of() : List.copyOf(users);
        clientRoles = clientRoles == null ? Map.of() : Map.copyOf(clientRoles);
        clientAudiences = clientAudiences == null ? Map.of() : Map.copyOf(clientAudiences);
    }

    /** A person who signs in with a password. */
    public record DemoUser(String username, String password, List<String> roles) {}
}

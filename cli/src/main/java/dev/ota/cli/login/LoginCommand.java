package dev.ota.cli.login;

import dev.ota.cli.CliFailure;
import dev.ota.cli.OutputOption;
import dev.ota.cli.Terminal;
import dev.ota.cli.platform.Http;
import dev.ota.cli.platform.Login;
import dev.ota.cli.platform.LoginStore;
import dev.ota.cli.platform.Service;
import dev.ota.cli.platform.ServiceUrls;
import dev.ota.cli.platform.TokenClient;
import java.io.Console;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * Logs in with the OAuth2 client-credentials grant and keeps the login (client, secret, token) in the configuration
 * directory, readable by its owner only. The authorization server offers no device-code grant, so people log in with a
 * machine client of their role too.
 */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = "Log in as a machine client (OAuth2 client credentials); kept in $OTA_CONFIG or ~/.config/ota.")
public final class LoginCommand implements Callable<Integer> {

    @Mixin
    OutputOption output;

    @Option(names = "--client-id", description = "the client; default $OTA_CLIENT_ID")
    @Nullable
    String clientId;

    @Option(
            names = "--client-secret",
            description = "its secret; default $OTA_CLIENT_SECRET, else asked on the terminal (a secret on the"
                    + " command line is seen by other users of the machine)")
    @Nullable
    String clientSecret;

    @Option(names = "--issuer", description = "the authorization server; default $OTA_ISSUER or http://127.0.0.1:9000")
    @Nullable
    String issuer;

    private final Terminal terminal;

    LoginCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        String client = clientId != null ? clientId : terminal.variable("OTA_CLIENT_ID");
        if (client == null) {
            throw CliFailure.usage("name the client: --client-id or $OTA_CLIENT_ID");
        }
        String secret = clientSecret != null ? clientSecret : secretFromEnvironmentOrTerminal(client);
        String server = (issuer != null ? issuer : new ServiceUrls(terminal).of(Service.AUTH)).replaceAll("/+$", "");
        Login login = new TokenClient(new Http(), Clock.systemUTC()).logIn(server, client, secret);
        LoginStore store = new LoginStore(terminal.configDirectory());
        store.write(login);
        TokenClaims claims = TokenClaims.of(login.accessToken());
        ObjectNode result = OutputOption.mapper().createObjectNode();
        result.put("clientId", client);
        result.put("issuer", server);
        result.put("subject", claims.subject());
        result.set("roles", OutputOption.mapper().valueToTree(claims.roles()));
        result.set("audiences", OutputOption.mapper().valueToTree(claims.audiences()));
        result.put("expiresAt", login.expiresAt().toString());
        result.put("file", store.file().toString());
        output.print(
                terminal,
                result,
                "logged in as " + claims.subject() + " (roles " + String.join(", ", claims.roles()) + "; for "
                        + String.join(", ", claims.audiences()) + "); kept in " + store.file());
        return 0;
    }

    private String secretFromEnvironmentOrTerminal(String client) {
        String fromEnvironment = terminal.variable("OTA_CLIENT_SECRET");
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        Console console = terminal.console();
        if (console == null) {
            throw CliFailure.usage("give the secret: --client-secret, $OTA_CLIENT_SECRET, or run on a terminal");
        }
        char[] typed = console.readPassword("secret of %s: ", client);
        if (typed == null || typed.length == 0) {
            throw CliFailure.usage("no secret given");
        }
        return new String(typed);
    }
}

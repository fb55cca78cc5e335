package dev.ota.cli.login;

import dev.ota.cli.CliFailure;
import dev.ota.cli.OutputOption;
import dev.ota.cli.Terminal;
import dev.ota.cli.platform.DeviceCodeLogin;
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
 * Logs in and keeps the login in the configuration directory, readable by its owner only: a machine client with the
 * OAuth2 client-credentials grant (client, secret, token), or, with {@code --device}, a person with the device-code
 * grant (RFC 8628: they log in and consent in a browser, the command line keeps only the token, which carries their
 * own roles).
 */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = "Log in as a person (--device: in a browser, RFC 8628 device code) or as a machine client"
                + " (OAuth2 client credentials); kept in $OTA_CONFIG or ~/.config/ota.")
public final class LoginCommand implements Callable<Integer> {

    /** The public client the local authorization server registers for people's device-code logins. */
    static final String DEVICE_CLIENT = "ota-cli";

    /**
     * The scope that client is registered with: the consent page names it. What a token allows is the person's roles,
     * not the scope.
     */
    static final String DEVICE_SCOPE = "ota";

    @Mixin
    OutputOption output;

    @Option(
            names = "--device",
            description = "log in as yourself: open the printed address in a browser, log in there and enter the"
                    + " printed code")
    boolean device;

    @Option(
            names = "--client-id",
            description = "the client; default $OTA_CLIENT_ID (with --device: " + DEVICE_CLIENT + ")")
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
        String server = (issuer != null ? issuer : new ServiceUrls(terminal).of(Service.AUTH)).replaceAll("/+$", "");
        Login login = device ? deviceLogin(server) : machineLogin(server);
        String client = login.clientId();
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

    private Login machineLogin(String server) {
        String client = clientId != null ? clientId : terminal.variable("OTA_CLIENT_ID");
        if (client == null) {
            throw CliFailure.usage("name the client: --client-id or $OTA_CLIENT_ID");
        }
        String secret = clientSecret != null ? clientSecret : secretFromEnvironmentOrTerminal(client);
        return new TokenClient(new Http(), Clock.systemUTC()).logIn(server, client, secret);
    }

    /** The instructions go to stderr whatever the output format: stdout stays one document for scripts. */
    private Login deviceLogin(String server) {
        if (clientSecret != null) {
            throw CliFailure.usage("--device logs a person in with no client secret; leave out --client-secret");
        }
        String client = clientId != null ? clientId : DEVICE_CLIENT;
        return new DeviceCodeLogin(new Http(), Clock.systemUTC(), duration -> Thread.sleep(duration))
                .logIn(server, client, DEVICE_SCOPE, instructions -> {
                    terminal.err()
                            .println("To log in, open " + instructions.verificationUri() + " in a browser and enter the"
                                    + " code " + instructions.userCode());
                    terminal.err().println("(or open " + instructions.verificationUriComplete() + ")");
                    terminal.err().println("waiting for the login ...");
                });
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

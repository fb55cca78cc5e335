package dev.ota.cli.login;

import dev.ota.cli.OutputOption;
import dev.ota.cli.Terminal;
import dev.ota.cli.platform.LoginStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Forgets the kept login (the token stays valid at the server until it expires, minutes later). */
@Command(name = "logout", mixinStandardHelpOptions = true, description = "Forget the kept login.")
public final class LogoutCommand implements Callable<Integer> {

    @Mixin
    OutputOption output;

    private final Terminal terminal;

    LogoutCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        LoginStore store = new LoginStore(terminal.configDirectory());
        boolean removed = store.delete();
        output.print(
                terminal,
                OutputOption.mapper()
                        .createObjectNode()
                        .put("removed", removed)
                        .put("file", store.file().toString()),
                removed ? "logged out (" + store.file() + " removed)" : "not logged in");
        return 0;
    }
}

package dev.ota.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where a command reads and writes: standard output for results, standard error for progress and errors, the
 * environment (credentials and URLs for CI), and the console when there is a person at a terminal.
 *
 * @param console the terminal to ask for a passphrase or a confirmation; null in CI and in tests
 * @param progress whether progress (bars, stage lines while waiting) goes to stderr: only on a terminal
 */
public record Terminal(
        PrintWriter out,
        PrintWriter err,
        Map<String, String> environment,
        @Nullable Console console,
        boolean progress) {

    /** The process's own terminal; no console when the standard streams are not a terminal (CI, pipes). */
    static Terminal system() {
        Console console = System.console();
        boolean person = console != null && console.isTerminal();
        return new Terminal(
                new PrintWriter(System.out, true),
                new PrintWriter(System.err, true),
                System.getenv(),
                person ? console : null,
                person);
    }

    public @Nullable String variable(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * The directory the login is kept in: {@code $OTA_CONFIG}, else {@code $XDG_CONFIG_HOME/ota}, else
     * {@code ~/.config/ota}.
     */
    public Path configDirectory() {
        String explicit = variable("OTA_CONFIG");
        if (explicit != null) {
            return Path.of(explicit);
        }
        String xdg = variable("XDG_CONFIG_HOME");
        if (xdg != null) {
            return Path.of(xdg, "ota");
        }
        return Path.of(System.getProperty("user.home"), ".config", "ota");
    }

    /**
     * Asks a yes/no question on the terminal.
     *
     * @throws CliFailure (usage) when there is no terminal to ask on
     */
    public boolean confirm(String question, String withoutTerminal) {
        Console terminal = console;
        if (terminal == null) {
            throw CliFailure.usage(withoutTerminal);
        }
        String answer = terminal.readLine("%s [y/N] ", question);
        return answer != null
                && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    }
}

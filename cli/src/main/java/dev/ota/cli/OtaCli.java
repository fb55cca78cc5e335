package dev.ota.cli;

import dev.ota.cli.audit.AuditCommand;
import dev.ota.cli.campaign.CampaignCommand;
import dev.ota.cli.campaign.WatchCommand;
import dev.ota.cli.image.ImageCommand;
import dev.ota.cli.login.LoginCommand;
import dev.ota.cli.login.LogoutCommand;
import dev.ota.cli.release.ReleaseCommand;
import java.lang.reflect.Constructor;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ota}: the platform from a terminal or a CI job. Each command calls the services' public REST APIs as the
 * logged-in client; see docs/cli.md.
 */
@Command(
        name = "ota",
        mixinStandardHelpOptions = true,
        version = "ota 0.1.0",
        description = "The OTA platform from a terminal or a CI job (docs/cli.md).",
        subcommands = {
            LoginCommand.class,
            LogoutCommand.class,
            ImageCommand.class,
            ReleaseCommand.class,
            CampaignCommand.class,
            WatchCommand.class,
            AuditCommand.class
        })
public final class OtaCli implements Runnable {

    @Override
    public void run() {
        throw CliFailure.usage("name a command: login, logout, image, release, campaign, watch or audit (ota --help)");
    }

    public static void main(String[] args) {
        System.exit(run(Terminal.system(), args));
    }

    /** Runs one command line; the exit code ({@link ExitCode}). */
    public static int run(Terminal terminal, String... args) {
        CommandLine commandLine = new CommandLine(OtaCli.class, new Factory(terminal))
                .setOut(terminal.out())
                .setErr(terminal.err())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExpandAtFiles(false)
                .setParameterExceptionHandler((e, arguments) -> {
                    String command = e.getCommandLine().getCommandSpec().qualifiedName();
                    terminal.err().println("ota: " + oneLine(e) + " (see " + command + " --help)");
                    return ExitCode.USAGE;
                })
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    terminal.err().println("ota: " + oneLine(e));
                    return e instanceof CliFailure failure ? failure.exitCode() : ExitCode.FAILED;
                });
        int exitCode = commandLine.execute(args);
        terminal.out().flush();
        terminal.err().flush();
        return exitCode;
    }

    static String oneLine(Exception e) {
        if (e instanceof CliFailure) {
            return Objects.requireNonNullElse(e.getMessage(), "failed");
        }
        String message = e.getMessage();
        String text = message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
        // picocli appends the converter's exception, "(java.lang.IllegalArgumentException: ...)": the sentence
        // before it already says what is wrong
        return text.replaceAll(" \\((java|picocli)\\.[A-Za-z.$]+Exception: [^)]*\\)", "")
                .replaceAll("\\s+", " ")
                .strip();
    }

    /** Gives each command the terminal: a constructor taking a {@link Terminal} is preferred to a no-argument one. */
    private record Factory(Terminal terminal) implements CommandLine.IFactory {

        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> withTerminal = type.getDeclaredConstructor(Terminal.class);
                withTerminal.setAccessible(true);
                return withTerminal.newInstance(terminal);
            } catch (NoSuchMethodException noTerminal) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}

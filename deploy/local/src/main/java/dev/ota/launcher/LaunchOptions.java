package dev.ota.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of the launcher.
 *
 * @param home the project checkout (where the service jars are built)
 * @param dataDirectory where PostgreSQL, the MQTT broker, the signing keys and the logs live between runs
 * @param fresh wipe the data directory first
 * @param only start only these services (empty: all)
 * @param readyTimeoutSeconds how long to wait for every service to report ready
 */
record LaunchOptions(Path home, Path dataDirectory, boolean fresh, List<String> only, int readyTimeoutSeconds) {

    static final String USAGE = """
            usage: ota up [--fresh] [--data-dir DIR] [--only svc1,svc2] [--ready-timeout SECONDS]
              --fresh           start with empty databases, broker state and keys
              --data-dir DIR    keep platform state in DIR (default: <checkout>/.ota-local)
              --only LIST       start only the listed services (the infrastructure always starts)
              --ready-timeout S give up if the platform is not ready after S seconds (default 240)
            """;

    static LaunchOptions parse(String[] args) {
        Path home =
                Path.of(System.getProperty("ota.home", ".")).toAbsolutePath().normalize();
        Path data = home.resolve(".ota-local");
        boolean fresh = false;
        List<String> only = new ArrayList<>();
        int timeout = 240;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--fresh" -> fresh = true;
                case "--data-dir" ->
                    data = Path.of(value(args, ++i, "--data-dir")).toAbsolutePath();
                case "--only" -> only.addAll(List.of(value(args, ++i, "--only").split(",")));
                case "--ready-timeout" -> timeout = Integer.parseInt(value(args, ++i, "--ready-timeout"));
                case "--help", "-h" -> throw new UsageException("");
                default -> throw new UsageException("unknown option " + args[i]);
            }
        }
        return new LaunchOptions(home, data, fresh, List.copyOf(only), timeout);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[index];
    }

    /** Bad command line: print the message and the usage. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}

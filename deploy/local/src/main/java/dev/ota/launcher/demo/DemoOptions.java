package dev.ota.launcher.demo;

import java.nio.file.Path;

/**
 * Command-line options of {@code ota demo}.
 *
 * @param vehicles size of the simulated fleet
 * @param dataDirectory platform state for the demo (wiped at start: the story needs a clean fleet)
 * @param exitWhenDone stop the platform after the summary instead of leaving it running for the dashboard
 */
record DemoOptions(Path home, int vehicles, Path dataDirectory, boolean exitWhenDone, int readyTimeoutSeconds) {

    static final String USAGE = """
            usage: ota demo [--vehicles N] [--data-dir DIR] [--exit] [--ready-timeout SECONDS]
              --vehicles N      simulated fleet size (default 1000)
              --data-dir DIR    platform state for the demo, wiped at start (default: <checkout>/.ota-local/demo)
              --exit            stop everything after the summary (default: keep running for the dashboard)
              --ready-timeout S give up if the platform is not ready after S seconds (default 300)
            """;

    static DemoOptions parse(String[] args) {
        Path home =
                Path.of(System.getProperty("ota.home", ".")).toAbsolutePath().normalize();
        int vehicles = 1000;
        Path data = home.resolve(".ota-local").resolve("demo");
        boolean exit = false;
        int timeout = 300;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--vehicles" -> vehicles = number(args, ++i, "--vehicles");
                case "--data-dir" ->
                    data = Path.of(value(args, ++i, "--data-dir")).toAbsolutePath();
                case "--exit" -> exit = true;
                case "--ready-timeout" -> timeout = number(args, ++i, "--ready-timeout");
                case "--help", "-h" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (vehicles < 20 || vehicles > 20_000) {
            throw new IllegalArgumentException("--vehicles must be within 20..20000");
        }
        return new DemoOptions(home, vehicles, data, exit, timeout);
    }

    private static int number(String[] args, int index, String option) {
        try {
            return Integer.parseInt(value(args, index, option));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number");
        }
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}

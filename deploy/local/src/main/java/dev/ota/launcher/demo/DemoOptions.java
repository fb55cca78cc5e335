package dev.ota.launcher.demo;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Command-line options of {@code ota demo}.
 *
 * @param vehicles size of the simulated fleet
 * @param dataDirectory platform state for the demo (wiped at start: the story needs a clean fleet)
 * @param exitWhenDone stop the platform after the summary instead of leaving it running for the dashboard
 * @param fleetOnly start the platform with a registered fleet and play no story (the first-hour guide's start)
 * @param tag the tag the fleet is registered with, so that a campaign can target it ({@code tag==<tag>}); null: a
 *     tag of the time of day
 */
record DemoOptions(
        Path home,
        int vehicles,
        Path dataDirectory,
        boolean exitWhenDone,
        int readyTimeoutSeconds,
        boolean fleetOnly,
        @Nullable String tag) {

    static final String USAGE = """
            usage: ota demo [--vehicles N] [--fleet-only] [--tag TAG] [--data-dir DIR] [--exit] [--ready-timeout SECONDS]
              --vehicles N      simulated fleet size (default 1000; 20 with --fleet-only)
              --fleet-only      start the platform with the fleet registered and online, and play no story:
                                the platform is yours (docs/first-hour.md)
              --tag TAG         register the fleet with this tag, so that campaigns target it with tag==TAG
                                (default: first-hour with --fleet-only, demo-<time of day> otherwise)
              --data-dir DIR    platform state for the demo, wiped at start (default: <checkout>/.ota-local/demo)
              --exit            stop everything after the summary (default: keep running for the dashboard)
              --ready-timeout S give up if the platform is not ready after S seconds (default 300)
            """;

    static DemoOptions parse(String[] args) {
        Path home =
                Path.of(System.getProperty("ota.home", ".")).toAbsolutePath().normalize();
        @Nullable Integer vehicles = null;
        boolean fleetOnly = false;
        @Nullable String tag = null;
        Path data = home.resolve(".ota-local").resolve("demo");
        boolean exit = false;
        int timeout = 300;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--vehicles" -> vehicles = number(args, ++i, "--vehicles");
                case "--data-dir" ->
                    data = Path.of(value(args, ++i, "--data-dir")).toAbsolutePath();
                case "--exit" -> exit = true;
                case "--fleet-only" -> fleetOnly = true;
                case "--tag" -> tag = tag(value(args, ++i, "--tag"));
                case "--ready-timeout" -> timeout = number(args, ++i, "--ready-timeout");
                case "--help", "-h" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        int fleet = vehicles != null ? vehicles : fleetOnly ? 20 : 1000;
        if (fleet < (fleetOnly ? 1 : 20) || fleet > 20_000) {
            throw new IllegalArgumentException("--vehicles must be within " + (fleetOnly ? 1 : 20) + "..20000"
                    + (fleetOnly ? "" : " for the story"));
        }
        if (fleetOnly && tag == null) {
            tag = "first-hour";
        }
        return new DemoOptions(home, fleet, data, exit, timeout, fleetOnly, tag);
    }

    /** Tags are used in targeting queries ({@code tag==x}): letters, digits, '-', '_' and '.' only. */
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private static String tag(String value) {
        if (!TAG.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "--tag must be 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return value;
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

package dev.ota.launcher.demo;

import dev.ota.launcher.LocalPlatform;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * {@code ota demo}: starts the platform like {@code ota up} (on its own, wiped data directory), plays the story of
 * {@link DemoStory} through the public APIs, prints a summary, and leaves the platform running for the dashboard until
 * Ctrl-C (or stops it with {@code --exit}).
 */
public final class DemoLauncher {

    private static final PrintStream out = System.out;

    /** Faster health evaluation than production's 5 s, so that stages are judged promptly in the demo. */
    static final Map<String, String> DEMO_SETTINGS = Map.of("OTA_HEALTH_OUTCOMES_EVALUATIONINTERVAL", "1s");

    private DemoLauncher() {}

    public static void main(String[] args) throws Exception {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            if (message != null && !message.isEmpty()) {
                System.err.println(message);
            }
            System.err.print(DemoOptions.USAGE);
            System.exit(message == null || message.isEmpty() ? 0 : 2);
            return;
        }
        System.exit(run(options));
    }

    /**
     * The simulator's heap for a fleet: its default (384 MB) carries the default 1,000 vehicles with room to spare;
     * each vehicle (keys, certificate, ECUs, TLS session) needs well under 80 KiB.
     */
    static int simulatorHeapMegabytes(int vehicles) {
        return Math.max(384, 256 + vehicles * 80 / 1024);
    }

    /**
     * The fleet of the first-hour guide: trust installed in the simulator, the vehicles registered with their ECU keys
     * under the tag, then online with their first manifests in the registry.
     */
    private static void provisionFleet(OtaStory story, int vehicles, String tag) {
        List<FleetVehicle> fleet = story.factoryFleet(vehicles, tag, line -> out.println("   " + line));
        out.printf(
                "%n%d simulated vehicles are registered and online with tag %s: target them with tag==%s.%n"
                        + "  Their ECUs have hardware ids hw-tcu, hw-brake, ...; the first one: %s%n"
                        + "  The release engineer's development key: %s (passphrase %s)%n",
                fleet.size(),
                tag,
                tag,
                fleet.getFirst().vin(),
                story.releaseEngineerKeyFile(),
                OtaStory.DEV_PASSPHRASE);
    }

    static int run(DemoOptions options) throws Exception {
        long started = System.nanoTime();
        AtomicReference<@Nullable LocalPlatform> platform = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LocalPlatform running = platform.getAndSet(null);
                            if (running != null) {
                                out.println("\nstopping the platform ...");
                                running.close();
                                out.println("stopped.");
                            }
                            stopped.countDown();
                        },
                        "ota-demo-stop"));
        out.printf(
                "OTA demo%s: %d simulated vehicles; platform state in %s (wiped first)%n",
                options.fleetOnly() ? " (fleet only)" : "", options.vehicles(), options.dataDirectory());
        LocalPlatform running;
        try {
            running = LocalPlatform.start(
                    options.home(),
                    options.dataDirectory(),
                    true,
                    List.of(),
                    Duration.ofSeconds(options.readyTimeoutSeconds()),
                    out,
                    DEMO_SETTINGS,
                    Map.of("vehicle-simulator", simulatorHeapMegabytes(options.vehicles())));
            platform.set(running);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        out.printf(
                "platform ready in %.1f s; dashboard: %s/ (sign in as olga / demo)%n",
                (System.nanoTime() - started) / 1e9, running.url(OtaStory.CAMPAIGN));
        String chosen = options.tag();
        String tag = chosen != null ? chosen : "demo-" + LocalTime.now().format(DateTimeFormatter.ofPattern("HHmmss"));
        int status = 0;
        try {
            if (options.fleetOnly()) {
                provisionFleet(OtaStory.on(running), options.vehicles(), tag);
                out.println("\nThe platform is yours (docs/first-hour.md). Press Ctrl-C to stop everything.");
                stopped.await();
                return 0;
            }
            DemoSummary summary = new DemoStory(OtaStory.on(running), out::println).play(options.vehicles(), tag);
            summary.print(out);
            out.printf("   with platform start   %.1f s%n", (System.nanoTime() - started) / 1e9);
        } catch (StoryFailure e) {
            System.err.println("\nthe demo stopped: " + e.getMessage());
            System.err.println("logs in " + options.dataDirectory().resolve("logs"));
            status = 1;
        }
        if (options.exitWhenDone()) {
            LocalPlatform stillRunning = platform.getAndSet(null);
            if (stillRunning != null) {
                stillRunning.close();
            }
            return status;
        }
        out.println("\nThe platform keeps running: look around on the dashboard. Press Ctrl-C to stop everything.");
        stopped.await();
        return status;
    }
}

package dev.ota.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code ota up}: starts the embedded infrastructure in this JVM, then the authorization server and every service as
 * separate processes, waits until each reports ready, prints where everything is, and stops it all on Ctrl-C.
 */
public final class PlatformLauncher {

    private static final PrintStream out = System.out;
    private static volatile boolean stopping;

    private PlatformLauncher() {}

    public static void main(String[] args) throws Exception {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (LaunchOptions.UsageException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(LaunchOptions.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        System.exit(run(options));
    }

    static int run(LaunchOptions options) throws Exception {
        long started = System.nanoTime();
        List<ServiceSpec> services = selected(options);
        List<String> missing = services.stream()
                .filter(service -> !Files.isRegularFile(jarOf(options.home(), service)))
                .map(ServiceSpec::name)
                .toList();
        if (!missing.isEmpty()) {
            System.err.println("not built: " + missing + " (run ./ota build)");
            return 1;
        }
        if (options.fresh()) {
            deleteRecursively(options.dataDirectory());
        }
        Path logs = Files.createDirectories(options.dataDirectory().resolve("logs"));
        out.printf("starting PostgreSQL, Kafka and the MQTT broker (state in %s)%n", options.dataDirectory());
        Infrastructure infrastructure = Infrastructure.start(options.dataDirectory(), services);
        List<ServiceProcess> running = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stopping = true;
                            out.println("\nstopping the platform ...");
                            running.reversed().forEach(process -> process.stop(Duration.ofSeconds(20)));
                            infrastructure.close();
                            out.println("stopped.");
                            stopped.countDown();
                        },
                        "ota-platform-stop"));

        Map<String, String> environment = environment(options, infrastructure);
        out.printf("infrastructure ready after %.1f s; starting %d services%n", seconds(started), services.size());
        for (ServiceSpec service : services) {
            Map<String, String> own = new LinkedHashMap<>(environment);
            Path serviceData = Files.createDirectories(options.dataDirectory().resolve(service.name()));
            own.put("OTA_DATA_DIR", serviceData.toString());
            running.add(ServiceProcess.start(service, jarOf(options.home(), service), logs, own));
        }
        if (!awaitReady(running, Duration.ofSeconds(options.readyTimeoutSeconds()), started)) {
            return 1;
        }
        printSummary(running, infrastructure, options, started);
        stopped.await();
        return 0;
    }

    private static List<ServiceSpec> selected(LaunchOptions options) {
        if (options.only().isEmpty()) {
            return ServiceSpec.ALL;
        }
        List<ServiceSpec> chosen = new ArrayList<>();
        chosen.add(ServiceSpec.AUTH_SERVER);
        for (ServiceSpec spec : ServiceSpec.ALL) {
            if (options.only().contains(spec.name()) && spec != ServiceSpec.AUTH_SERVER) {
                chosen.add(spec);
            }
        }
        if (chosen.size()
                != options.only().stream()
                                .filter(name -> !name.equals("auth-server"))
                                .count()
                        + 1) {
            throw new LaunchOptions.UsageException("unknown service in --only " + options.only() + "; known: "
                    + ServiceSpec.ALL.stream().map(ServiceSpec::name).toList());
        }
        return chosen;
    }

    static Path jarOf(Path home, ServiceSpec service) {
        return home.resolve(service.name()).resolve("target").resolve(service.name() + "-0.1.0.jar");
    }

    private static Map<String, String> environment(LaunchOptions options, Infrastructure infrastructure) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("OTA_KAFKA_BOOTSTRAP", infrastructure.kafkaBootstrapServers());
        environment.put("OTA_MQTT_HOST", "127.0.0.1");
        environment.put("OTA_MQTT_PORT", String.valueOf(infrastructure.mqttPort()));
        environment.put("OTA_ISSUER", ServiceSpec.AUTH_SERVER.baseUrl());
        environment.put("OTA_JWK_SET_URI", ServiceSpec.AUTH_SERVER.baseUrl() + "/oauth2/jwks");
        environment.put(
                "OTA_AUTH_KEY_FILE",
                options.dataDirectory()
                        .resolve("auth-server")
                        .resolve("signing-key.json")
                        .toString());
        environment.put("OTA_SERVICE_URLS", serviceUrls());
        return environment;
    }

    private static String serviceUrls() {
        StringBuilder urls = new StringBuilder();
        for (ServiceSpec spec : ServiceSpec.ALL) {
            urls.append(urls.isEmpty() ? "" : ",")
                    .append(spec.name())
                    .append('=')
                    .append(spec.baseUrl());
        }
        return urls.toString();
    }

    private static boolean awaitReady(List<ServiceProcess> processes, Duration timeout, long started)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ServiceProcess> waiting = new ArrayList<>(processes);
        while (!waiting.isEmpty()) {
            for (ServiceProcess process : List.copyOf(waiting)) {
                if (stopping) {
                    return false;
                }
                if (!process.isAlive()) {
                    System.err.printf(
                            "%s exited during start-up; last lines of %s:%n%s%n",
                            process.spec().name(), process.log(), process.tail(40));
                    return false;
                }
                if (process.isReady()) {
                    waiting.remove(process);
                    out.printf(
                            "  %-18s ready after %5.1f s  (%d of %d)%n",
                            process.spec().name(),
                            seconds(started),
                            processes.size() - waiting.size(),
                            processes.size());
                }
            }
            if (System.nanoTime() > deadline) {
                System.err.printf(
                        "not ready after %d s: %s (logs in %s)%n",
                        timeout.toSeconds(),
                        waiting.stream().map(p -> p.spec().name()).toList(),
                        waiting.getFirst().log().getParent());
                return false;
            }
            Thread.sleep(250);
        }
        return true;
    }

    private static void printSummary(
            List<ServiceProcess> running, Infrastructure infrastructure, LaunchOptions options, long started) {
        out.printf("%nOTA platform ready in %.1f s.%n%n", seconds(started));
        out.printf("  %-18s %-24s %s%n", "service", "url", "pid");
        for (ServiceProcess process : running) {
            out.printf(
                    "  %-18s %-24s %d%n", process.spec().name(), process.spec().baseUrl(), process.pid());
        }
        out.printf(
                "%n  infrastructure     PostgreSQL 127.0.0.1:%d, Kafka %s, MQTT 127.0.0.1:%d%n",
                Infrastructure.POSTGRES_PORT, infrastructure.kafkaBootstrapServers(), infrastructure.mqttPort());
        out.println("""

                  Dashboard:       http://127.0.0.1:8082/  (sign in at the authorization server)
                  People:          rita (release engineer), aaron (approver), alice (approver + release engineer),
                                   olga (fleet ops), audrey (auditor), admin -- password "demo" for all
                  Machine clients: ci-pipeline / ci-secret (CI_PIPELINE); demo-<role> / <role>-demo, e.g.
                                   demo-approver / approver-demo, demo-fleet-ops / fleet-ops-demo
                  A token:         curl -s -u ci-pipeline:ci-secret -d grant_type=client_credentials \\
                                        http://127.0.0.1:9000/oauth2/token
                  API docs:        http://127.0.0.1:<port>/swagger-ui.html on every service
                """);
        out.printf(
                "  Logs in %s. Press Ctrl-C to stop everything.%n",
                options.dataDirectory().resolve("logs"));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

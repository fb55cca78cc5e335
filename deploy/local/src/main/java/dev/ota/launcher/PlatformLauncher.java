package dev.ota.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code ota up}: starts the platform (see {@link LocalPlatform}), prints where everything is, and stops it all on
 * Ctrl-C.
 */
public final class PlatformLauncher {

    private static final PrintStream out = System.out;

    private PlatformLauncher() {}

    public static void main(String[] args) throws Exception {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (LaunchOptions.UsageException e) {
            String message = e.getMessage();
            if (message != null && !message.isEmpty()) {
                System.err.println(message);
            }
            System.err.print(LaunchOptions.USAGE);
            System.exit(message == null || message.isEmpty() ? 0 : 2);
            return;
        }
        System.exit(run(options));
    }

    static int run(LaunchOptions options) throws Exception {
        long startedAt = System.nanoTime();
        AtomicReference<LocalPlatform> platform = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            out.println("\nstopping the platform ...");
                            LocalPlatform running = platform.get();
                            if (running != null) {
                                running.close();
                            }
                            out.println("stopped.");
                            stopped.countDown();
                        },
                        "ota-platform-stop"));
        LocalPlatform started;
        try {
            started = LocalPlatform.start(
                    options.home(),
                    options.dataDirectory(),
                    options.fresh(),
                    options.only(),
                    Duration.ofSeconds(options.readyTimeoutSeconds()),
                    out);
            platform.set(started);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        printSummary(started, options, startedAt);
        stopped.await();
        return 0;
    }

    private static void printSummary(LocalPlatform platform, LaunchOptions options, long started) {
        out.printf("%nOTA platform ready in %.1f s.%n%n", LocalPlatform.seconds(started));
        out.printf("  %-18s %-24s %s%n", "service", "url", "pid");
        for (ServiceProcess process : platform.processes()) {
            out.printf(
                    "  %-18s %-24s %d%n", process.spec().name(), process.spec().baseUrl(), process.pid());
        }
        out.printf(
                "%n  infrastructure     PostgreSQL 127.0.0.1:%d, Kafka mutual TLS %s, MQTT mutual TLS 127.0.0.1:%d%n"
                        + "  fleet CA           %s (served by signing-service at /api/v1/fleet-ca)%n"
                        + "  Kafka identities   %s (operator: %s.p12, super user; password in the file"
                        + " 'password'; e.g.%n"
                        + "                     kcat -b %s -X security.protocol=ssl"
                        + " -X ssl.keystore.location=<that .p12> -X ssl.keystore.password=<password>"
                        + " -X ssl.ca.location=<kafka-ca.pem> -L)%n",
                Infrastructure.POSTGRES_PORT,
                platform.kafkaBootstrapServers(),
                platform.mqttTlsPort(),
                platform.fleetCaKeyStore(),
                platform.kafkaIdentitiesDirectory(),
                Infrastructure.KAFKA_OPERATOR,
                platform.kafkaBootstrapServers());
        out.println("""

                  Dashboard:       http://127.0.0.1:8082/dashboard/  (sign in at the authorization server)
                  People:          rita (release engineer), aaron (approver), alice (approver + release engineer),
                                   olga (fleet ops), audrey (auditor), admin -- password "demo" for all
                  Machine clients: ci-pipeline / ci-secret (CI_PIPELINE); demo-<role> / <role>-demo, e.g.
                                   demo-approver / approver-demo, demo-fleet-ops / fleet-ops-demo;
                                   vehicle-simulator / simulator-secret (VEHICLE_PROVISIONER: vehicle CSRs only)
                  A token:         curl -s -u ci-pipeline:ci-secret -d grant_type=client_credentials \\
                                        http://127.0.0.1:9000/oauth2/token
                  API docs:        http://127.0.0.1:<port>/swagger-ui.html on every service
                """);
        out.printf(
                "  Logs in %s. Press Ctrl-C to stop everything.%n",
                options.dataDirectory().resolve("logs"));
    }
}

package dev.ota.systemtests;

import dev.ota.launcher.LocalPlatform;
import dev.ota.launcher.demo.OtaStory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The platform under test: the real application jars, each its own process, against embedded PostgreSQL, Kafka and
 * MQTT. Started once per test JVM and stopped when it exits.
 */
final class RunningPlatform {

    static final List<String> SERVICES = List.of(
            "auth-server",
            "signing-service",
            "campaign-service",
            "device-gateway",
            "health-service",
            "rollback-service",
            "audit-service",
            "vehicle-simulator");

    /** The largest image the signing service takes in these tests (production: 4 GB), to test the refusal cheaply. */
    static final long MAX_IMAGE_BYTES = 8L * 1024 * 1024;

    /** How often each simulated vehicle asks the director for its metadata in these tests (production: 5 min). */
    static final Duration DIRECTOR_ASK_INTERVAL = Duration.ofSeconds(20);

    /**
     * How many more times a simulated vehicle tries an unreachable repository before it gives up on the update
     * (production vehicles: 3). The waits are random below 1, 2, 4, 8 and then 16 s, so ten retries outlast a
     * signing-service restart (about 30 s here) that {@link ChaosSystemTests} causes: the vehicles model a patient
     * fleet and the test judges the platform, not the campaign's retry policy.
     */
    static final int REPOSITORY_RETRIES = 10;

    /**
     * How long a service waits for a database connection before the attempt fails (production: Hikari's default, 30 s).
     * With a short wait a stopped PostgreSQL fails each consumer's attempt within seconds, as a failover would, so
     * {@link PostgresOutageSystemTests} sees what each consumer does with the failure (retry it as transient, never
     * dead-letter it) and not only how long it waits.
     */
    static final Duration DATABASE_CONNECTION_TIMEOUT = Duration.ofSeconds(3);

    /**
     * Settings that differ from the defaults, each named: the health service judges every second instead of every
     * five, uploads are capped at {@link #MAX_IMAGE_BYTES}, vehicles ask the director every
     * {@link #DIRECTOR_ASK_INTERVAL} and try an unreachable repository {@link #REPOSITORY_RETRIES} more times, and a
     * service gives up waiting for a database connection after {@link #DATABASE_CONNECTION_TIMEOUT}.
     */
    private static final Map<String, String> SETTINGS = Map.of(
            "OTA_HEALTH_OUTCOMES_EVALUATIONINTERVAL",
            "1s",
            "OTA_SIGNING_MAX_IMAGE",
            MAX_IMAGE_BYTES + "B",
            "OTA_SIMULATOR_DIRECTOR_ASKINTERVAL",
            DIRECTOR_ASK_INTERVAL.toSeconds() + "s",
            "OTA_SIMULATOR_UPTANE_REPOSITORYRETRIES",
            String.valueOf(REPOSITORY_RETRIES),
            "SPRING_DATASOURCE_HIKARI_CONNECTIONTIMEOUT",
            String.valueOf(DATABASE_CONNECTION_TIMEOUT.toMillis()));

    private static volatile LocalPlatform platform;
    private static volatile OtaStory story;

    private RunningPlatform() {}

    static synchronized LocalPlatform get() {
        if (platform == null) {
            Path home = Path.of(System.getProperty("ota.home", ".."))
                    .toAbsolutePath()
                    .normalize();
            Path data = home.resolve("system-tests").resolve("target").resolve("platform");
            try {
                platform =
                        LocalPlatform.start(home, data, true, List.of(), Duration.ofMinutes(5), System.out, SETTINGS);
            } catch (Exception e) {
                throw new IllegalStateException("the platform did not start: " + e.getMessage(), e);
            }
            LocalPlatform started = platform;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "system-tests-platform-stop"));
            story = OtaStory.on(started);
            story.provisionVehicleTrust();
        }
        return platform;
    }

    /** The story's steps against the running platform (the vehicles' trust already provisioned). */
    static OtaStory story() {
        get();
        return story;
    }
}

package dev.ota.systemtests;

import dev.ota.launcher.LocalPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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

    private static volatile LocalPlatform platform;

    private RunningPlatform() {}

    static synchronized LocalPlatform get() {
        if (platform == null) {
            Path home = Path.of(System.getProperty("ota.home", "..")).toAbsolutePath().normalize();
            Path data = home.resolve("system-tests").resolve("target").resolve("platform");
            try {
                platform = LocalPlatform.start(home, data, true, List.of(), Duration.ofMinutes(5), System.out);
            } catch (Exception e) {
                throw new IllegalStateException("the platform did not start: " + e.getMessage(), e);
            }
            LocalPlatform started = platform;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "system-tests-platform-stop"));
        }
        return platform;
    }
}

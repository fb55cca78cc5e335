package dev.ota.testsupport;

import dev.ota.contracts.Topics;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * The JVM-wide infrastructure for tests. Started on first use and stopped when the JVM exits, so all tests of a module
 * share one Kafka, one PostgreSQL and one MQTT broker. Uses Testcontainers where a Docker engine answers, embedded
 * servers otherwise; both are the real products.
 */
public final class RealInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(RealInfrastructure.class);
    private static volatile @Nullable Infrastructure instance;

    private RealInfrastructure() {}

    public static Infrastructure get() {
        Infrastructure current = instance;
        if (current == null) {
            synchronized (RealInfrastructure.class) {
                current = instance;
                if (current == null) {
                    current = start();
                    instance = current;
                }
            }
        }
        return current;
    }

    /**
     * Stops embedded servers now rather than at the JVM's exit, and deletes the temporary PostgreSQL data. For a process
     * whose exit may be cut short: a JMH fork is halted when its shutdown hooks run longer than 30 s, which left
     * benchmark databases of several GB behind. Containers are left to Testcontainers. A later {@link #get()} starts
     * new servers.
     */
    public static void stop() {
        synchronized (RealInfrastructure.class) {
            if (instance instanceof EmbeddedInfrastructure embedded) {
                embedded.stop();
                instance = null;
            }
        }
    }

    private static Infrastructure start() {
        long started = System.nanoTime();
        Infrastructure infrastructure =
                dockerAvailable() ? new ContainerInfrastructure(topics()) : new EmbeddedInfrastructure(topics());
        log.info(
                "real infrastructure ({}) ready in {} ms: kafka={}, mqtt={}:{}",
                infrastructure.mode(),
                (System.nanoTime() - started) / 1_000_000,
                infrastructure.kafkaBootstrapServers(),
                infrastructure.mqttHost(),
                infrastructure.mqttPort());
        return infrastructure;
    }

    private static boolean dockerAvailable() {
        if (Boolean.getBoolean("ota.test.embedded-only")) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Every platform topic and its dead-letter topic, created up front so consumers never race topic creation. */
    static String[] topics() {
        return Topics.allWithDeadLetters().toArray(String[]::new);
    }
}

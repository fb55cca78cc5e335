package dev.ota.testsupport;

import dev.ota.contracts.KafkaAccess;
import dev.ota.infra.KafkaSecurity;
import dev.ota.infra.MqttBroker;
import dev.ota.infra.PersistentKafkaServer;
import dev.ota.infra.PostgresServer;
import dev.ota.pki.KafkaIdentities;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Kafka (KRaft), PostgreSQL and HiveMQ CE inside the test JVM, started in parallel. Kafka is secured as on the local
 * platform: mutual TLS, a certificate per service principal, and the ACLs of {@link KafkaAccess}, so a service under
 * test that writes or reads outside its grants fails here. {@code -Dota.test.kafka-plaintext=true} starts it open,
 * for measuring what the security costs.
 */
final class EmbeddedInfrastructure implements Infrastructure {

    private static final java.time.Duration KAFKA_STOP_WAIT = java.time.Duration.ofSeconds(10);

    private final PersistentKafkaServer kafka;
    private final Path kafkaLog;
    private final @Nullable KafkaIdentities kafkaIdentities;
    private final PostgresServer postgres;
    private final MqttBroker mqtt;
    private final AtomicBoolean stopped = new AtomicBoolean();

    EmbeddedInfrastructure(String[] topics) {
        CompletableFuture<PostgresServer> postgresStart =
                CompletableFuture.supplyAsync(() -> PostgresServer.start(0, null));
        CompletableFuture<MqttBroker> mqttStart = CompletableFuture.supplyAsync(() -> {
            try {
                return MqttBroker.start(0, Files.createTempDirectory("ota-test-mqtt"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        this.kafkaLog = temporaryDirectory("ota-test-kafka");
        this.kafkaIdentities = Boolean.getBoolean("ota.test.kafka-plaintext")
                ? null
                : KafkaSecurity.issueIdentities(temporaryDirectory("ota-test-kafka-identities"), TEST_HARNESS);
        this.kafka = PersistentKafkaServer.start(
                0,
                kafkaLog,
                2,
                kafkaIdentities == null ? null : KafkaSecurity.of(kafkaIdentities, TEST_HARNESS),
                topics);
        this.postgres = postgresStart.join();
        this.mqtt = mqttStart.join();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "ota-test-infrastructure-stop"));
    }

    /** Stops PostgreSQL first: it is quick to stop and the one whose data fills the disk if an exit is cut short. */
    void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        for (AutoCloseable server : new AutoCloseable[] {postgres, mqtt}) {
            try {
                server.close();
            } catch (Exception ignored) {
                // the JVM is exiting; nothing useful can be done with a failure to stop
            }
        }
        // a graceful broker shutdown can wait on clients that are closing in the JVM's other shutdown hooks; the JVM
        // is exiting, so it gets a while and is then left to the exit (its log is a temporary directory)
        Thread kafkaStop =
                Thread.ofPlatform().daemon().name("ota-test-kafka-stop").start(kafka::close);
        try {
            kafkaStop.join(KAFKA_STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteQuietly(kafkaLog);
        if (kafkaIdentities != null) {
            deleteQuietly(kafkaIdentities.directory());
        }
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    private static void deleteQuietly(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary directory; the operating system cleans up what is left
        }
    }

    private static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> kafkaClientProperties(String principal) {
        if (kafkaIdentities == null) {
            return Map.of("security.protocol", "PLAINTEXT");
        }
        boolean known = KafkaAccess.grantOf(principal).isPresent();
        return kafkaIdentities.clientProperties(known ? principal : TEST_HARNESS);
    }

    @Override
    public String database(String name) {
        return postgres.ensureDatabase(name);
    }

    @Override
    public DataSource postgresSuperuser() {
        return postgres.superuser();
    }

    @Override
    public String mqttHost() {
        return "127.0.0.1";
    }

    @Override
    public int mqttPort() {
        return mqtt.port();
    }

    @Override
    public String mode() {
        return kafkaIdentities == null
                ? "embedded, Kafka plaintext without ACLs"
                : "embedded, Kafka mutual TLS with ACLs";
    }
}

package dev.ota.testsupport;

import dev.ota.infra.KafkaServer;
import dev.ota.infra.MqttBroker;
import dev.ota.infra.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/** Kafka (KRaft), PostgreSQL and HiveMQ CE inside the test JVM, started in parallel. */
final class EmbeddedInfrastructure implements Infrastructure {

    private final KafkaServer kafka;
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
        this.kafka = KafkaServer.start(0, 2, topics);
        this.postgres = postgresStart.join();
        this.mqtt = mqttStart.join();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "ota-test-infrastructure-stop"));
    }

    /** Stops PostgreSQL first: it is quick to stop and the one whose data fills the disk if an exit is cut short. */
    void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        for (AutoCloseable server : new AutoCloseable[] {postgres, mqtt, kafka}) {
            try {
                server.close();
            } catch (Exception ignored) {
                // the JVM is exiting; nothing useful can be done with a failure to stop
            }
        }
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
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
        return "embedded";
    }
}

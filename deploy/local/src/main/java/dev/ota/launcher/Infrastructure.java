package dev.ota.launcher;

import dev.ota.contracts.Topics;
import dev.ota.infra.MqttBroker;
import dev.ota.infra.PersistentKafkaServer;
import dev.ota.infra.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** PostgreSQL, Kafka and the MQTT broker for the local platform, on fixed loopback ports. */
final class Infrastructure implements AutoCloseable {

    static final int POSTGRES_PORT = 15432;
    static final int KAFKA_PORT = 9092;

    static final int MQTT_PORT = 1883;

    private final PostgresServer postgres;
    private final PersistentKafkaServer kafka;
    private final MqttBroker mqtt;

    private Infrastructure(PostgresServer postgres, PersistentKafkaServer kafka, MqttBroker mqtt) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.mqtt = mqtt;
    }

    static Infrastructure start(Path dataDirectory, List<ServiceSpec> services) throws Exception {
        Path pgData = Files.createDirectories(dataDirectory.resolve("postgres"));
        Path mqttHome = Files.createDirectories(dataDirectory.resolve("mqtt"));
        CompletableFuture<PostgresServer> postgres =
                CompletableFuture.supplyAsync(() -> PostgresServer.start(POSTGRES_PORT, pgData));
        CompletableFuture<MqttBroker> mqtt = CompletableFuture.supplyAsync(() -> MqttBroker.start(MQTT_PORT, mqttHome));
        Path kafkaLog = Files.createDirectories(dataDirectory.resolve("kafka"));
        PersistentKafkaServer kafka = PersistentKafkaServer.start(KAFKA_PORT, kafkaLog, 4, topics());
        PostgresServer database = postgres.join();
        for (ServiceSpec service : services) {
            if (service.database() != null) {
                database.ensureDatabase(service.database());
            }
        }
        return new Infrastructure(database, kafka, mqtt.join());
    }

    private static String[] topics() {
        return Topics.allWithDeadLetters().toArray(String[]::new);
    }

    String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Stops the Kafka broker; the services keep running and retry until it is back. */
    void stopKafka() {
        kafka.stop();
    }

    /** Starts the Kafka broker again on the same port and log directory. */
    void startKafka() {
        kafka.startAgain();
    }

    String jdbcUrl(String database) {
        return postgres.jdbcUrl(database);
    }

    int mqttPort() {
        return mqtt.port();
    }

    @Override
    public void close() {
        for (AutoCloseable server : new AutoCloseable[] {mqtt, kafka, postgres}) {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e.getMessage());
            }
        }
    }
}

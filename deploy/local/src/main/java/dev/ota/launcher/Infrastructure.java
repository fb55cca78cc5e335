package dev.ota.launcher;

import dev.ota.contracts.Topics;
import dev.ota.infra.MqttBroker;
import dev.ota.infra.PersistentKafkaServer;
import dev.ota.infra.PostgresServer;
import dev.ota.pki.FleetCa;
import dev.ota.pki.PlatformKeyStores;
import dev.ota.pki.RevocationListFile;
import dev.ota.pki.broker.Revocations;
import dev.ota.pki.broker.VehicleAccessExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * PostgreSQL, Kafka and the MQTT broker for the local platform, on fixed loopback ports. The broker is secured as in
 * production: a mutual-TLS listener (server certificate from the fleet CA, client certificates chained to it) and the
 * vehicle access extension (certificate identity, per-vehicle topic ACLs, CRL, connected-vehicles report). Its plain
 * listener stays open on loopback, but the extension refuses every client there (no certificate), so nothing uses it.
 */
final class Infrastructure implements AutoCloseable {

    static final int POSTGRES_PORT = 15432;
    static final int KAFKA_PORT = 9092;

    static final int MQTT_PORT = 1883;
    static final int MQTT_TLS_PORT = 8883;

    /**
     * Protects the fleet CA's PKCS#12 file and the platform key stores of the local platform; the gateway gets it as
     * {@code OTA_FLEET_CA_PASSWORD}. A local default like the demo identities: never use it outside one machine.
     */
    static final String FLEET_CA_PASSWORD = "fleet-ca-local";

    /** How often the broker looks whether the fleet CA's CRL file changed: at every connect (one stat). */
    private static final Duration CRL_REFRESH = Duration.ZERO;

    private final PostgresServer postgres;
    private final PersistentKafkaServer kafka;
    private final MqttBroker mqtt;
    private final Path fleetCaDirectory;
    private final PlatformKeyStores keyStores;

    private Infrastructure(
            PostgresServer postgres,
            PersistentKafkaServer kafka,
            MqttBroker mqtt,
            Path fleetCaDirectory,
            PlatformKeyStores keyStores) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.mqtt = mqtt;
        this.fleetCaDirectory = fleetCaDirectory;
        this.keyStores = keyStores;
    }

    static Infrastructure start(Path dataDirectory, List<ServiceSpec> services) throws Exception {
        Path pgData = Files.createDirectories(dataDirectory.resolve("postgres"));
        Path mqttHome = Files.createDirectories(dataDirectory.resolve("mqtt"));
        CompletableFuture<PostgresServer> postgres =
                CompletableFuture.supplyAsync(() -> PostgresServer.start(POSTGRES_PORT, pgData));
        Path fleetCaDirectory = dataDirectory.resolve("fleet-ca");
        FleetCa ca = FleetCa.loadOrCreate(
                fleetCaDirectory, FLEET_CA_PASSWORD.toCharArray(), "OTA Fleet CA", Duration.ofDays(3650));
        PlatformKeyStores keyStores =
                PlatformKeyStores.issue(ca, dataDirectory.resolve("mqtt-tls"), FLEET_CA_PASSWORD, "localhost");
        CompletableFuture<MqttBroker> mqtt = CompletableFuture.supplyAsync(
                () -> MqttBroker.start(MQTT_PORT, mqttHome, tls(keyStores), access(ca, keyStores)));
        Path kafkaLog = Files.createDirectories(dataDirectory.resolve("kafka"));
        PersistentKafkaServer kafka = PersistentKafkaServer.start(KAFKA_PORT, kafkaLog, 4, topics());
        PostgresServer database = postgres.join();
        for (ServiceSpec service : services) {
            if (service.database() != null) {
                database.ensureDatabase(service.database());
            }
        }
        return new Infrastructure(database, kafka, mqtt.join(), fleetCaDirectory, keyStores);
    }

    private static MqttBroker.TlsListener tls(PlatformKeyStores keyStores) {
        return new MqttBroker.TlsListener(
                MQTT_TLS_PORT,
                keyStores.brokerKeyStore(),
                keyStores.password(),
                keyStores.brokerTrustStore(),
                keyStores.password());
    }

    /**
     * The vehicle access extension: vehicles from the fleet CA, platform clients from this start's platform issuer,
     * revocations from the CRL file that device-gateway's fleet CA rewrites on revocation.
     */
    private static VehicleAccessExtension access(FleetCa ca, PlatformKeyStores keyStores) {
        RevocationListFile crl = new RevocationListFile(ca.crlFile().orElseThrow(), ca.certificate(), CRL_REFRESH);
        return new VehicleAccessExtension(
                ca.certificate(),
                keyStores.readPlatformIssuer(),
                Revocations.of(crl),
                "local",
                Duration.ofSeconds(10),
                VehicleAccessExtension.Limits.DEFAULT);
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

    int mqttTlsPort() {
        return mqtt.tlsPort();
    }

    Path fleetCaDirectory() {
        return fleetCaDirectory;
    }

    PlatformKeyStores platformKeyStores() {
        return keyStores;
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

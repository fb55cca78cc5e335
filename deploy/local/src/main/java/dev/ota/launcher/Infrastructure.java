package dev.ota.launcher;

import dev.ota.contracts.Topics;
import dev.ota.infra.KafkaSecurity;
import dev.ota.infra.MqttBroker;
import dev.ota.infra.PersistentKafkaServer;
import dev.ota.infra.PostgresServer;
import dev.ota.pki.FleetCa;
import dev.ota.pki.FleetCaKeyStore;
import dev.ota.pki.KafkaIdentities;
import dev.ota.pki.PlatformKeyStores;
import dev.ota.pki.broker.FetchedRevocationList;
import dev.ota.pki.broker.VehicleAccessExtension;
import java.net.URI;
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
 *
 * <p>Kafka is secured as in production too: mutual TLS on every listener, a certificate per service from a Kafka CA of
 * this start (its key never written), and the ACLs of {@link dev.ota.contracts.KafkaAccess} under Kafka's standard authorizer. The
 * launcher itself, and whoever operates the local platform, use the {@value #KAFKA_OPERATOR} identity, a super user.
 */
final class Infrastructure implements AutoCloseable {

    static final int POSTGRES_PORT = 15432;
    static final int KAFKA_PORT = 9092;

    /** The local operator's Kafka principal (super user): the launcher's topic and ACL set-up, system tests, kcat. */
    static final String KAFKA_OPERATOR = "ota-operator";

    static final int MQTT_PORT = 1883;
    static final int MQTT_TLS_PORT = 8883;

    /**
     * Protects the fleet CA's PKCS#12 file and the platform key stores of the local platform; signing-service gets it
     * as {@code OTA_FLEET_CA_PASSWORD}. A local default like the demo identities: never use it outside one machine.
     */
    static final String FLEET_CA_PASSWORD = "fleet-ca-local";

    /** The fleet CA's CRL, served by signing-service; the broker fetches it this often. */
    private static final URI CRL_URL = URI.create(ServiceSpec.SIGNING_CRL);

    private static final Duration CRL_REFRESH = Duration.ofSeconds(1);

    private final PostgresServer postgres;
    private final PersistentKafkaServer kafka;
    private final MqttBroker mqtt;
    private final Path fleetCaKeyStore;
    private final PlatformKeyStores keyStores;
    private final KafkaIdentities kafkaIdentities;

    private Infrastructure(
            PostgresServer postgres,
            PersistentKafkaServer kafka,
            KafkaIdentities kafkaIdentities,
            MqttBroker mqtt,
            Path fleetCaKeyStore,
            PlatformKeyStores keyStores) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.kafkaIdentities = kafkaIdentities;
        this.mqtt = mqtt;
        this.fleetCaKeyStore = fleetCaKeyStore;
        this.keyStores = keyStores;
    }

    static Infrastructure start(Path dataDirectory, List<ServiceSpec> services) throws Exception {
        Path pgData = Files.createDirectories(dataDirectory.resolve("postgres"));
        Path mqttHome = Files.createDirectories(dataDirectory.resolve("mqtt"));
        CompletableFuture<PostgresServer> postgres =
                CompletableFuture.supplyAsync(() -> PostgresServer.start(POSTGRES_PORT, pgData));
        // the fleet CA's key, created on the first start where signing-service (which keeps the CA's record) reads it
        Path fleetCaKeyStore = dataDirectory.resolve("fleet-ca").resolve("fleet-ca.p12");
        FleetCa ca = FleetCaKeyStore.loadOrCreate(
                fleetCaKeyStore, FLEET_CA_PASSWORD.toCharArray(), "OTA Fleet CA", Duration.ofDays(3650), true);
        Path mqttTls = dataDirectory.resolve("mqtt-tls");
        PlatformKeyStores keyStores = PlatformKeyStores.issue(ca, mqttTls, FLEET_CA_PASSWORD, "localhost");
        CompletableFuture<MqttBroker> mqtt = CompletableFuture.supplyAsync(() -> MqttBroker.start(
                MQTT_PORT, mqttHome, tls(keyStores), access(ca, keyStores, mqttTls.resolve("crl-cache.pem"))));
        Path kafkaLog = Files.createDirectories(dataDirectory.resolve("kafka"));
        KafkaIdentities kafkaIdentities =
                KafkaSecurity.issueIdentities(dataDirectory.resolve("kafka-tls"), KAFKA_OPERATOR);
        PersistentKafkaServer kafka = PersistentKafkaServer.start(
                KAFKA_PORT, kafkaLog, 4, KafkaSecurity.of(kafkaIdentities, KAFKA_OPERATOR), topics());
        PostgresServer database = postgres.join();
        for (ServiceSpec service : services) {
            if (service.database() != null) {
                database.ensureDatabase(service.database());
            }
        }
        return new Infrastructure(database, kafka, kafkaIdentities, mqtt.join(), fleetCaKeyStore, keyStores);
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
     * revocations from the CRL signing-service serves (fetched every second; the last one kept in {@code crlCache}
     * for the next start, since the broker starts before signing-service).
     */
    private static VehicleAccessExtension access(FleetCa ca, PlatformKeyStores keyStores, Path crlCache) {
        return new VehicleAccessExtension(
                ca.certificate(),
                keyStores.readPlatformIssuer(),
                new FetchedRevocationList(CRL_URL, ca.certificate(), crlCache, "local").start(CRL_REFRESH),
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

    /** The Kafka identities of this start: each service's key store, the operator's, the trust store. */
    KafkaIdentities kafkaIdentities() {
        return kafkaIdentities;
    }

    /** Stops the Kafka broker; the services keep running and retry until it is back. */
    void stopKafka() {
        kafka.stop();
    }

    /** Starts the Kafka broker again on the same port and log directory. */
    void startKafka() {
        kafka.startAgain();
    }

    /** Stops PostgreSQL (fast shutdown); the services keep running and see their connections refused. */
    void stopPostgres() {
        postgres.stop();
    }

    /** Starts PostgreSQL again on the same port and data directory. */
    void startPostgres() {
        postgres.startAgain();
    }

    /** Freezes every PostgreSQL process (SIGSTOP): connections hang instead of failing. */
    void freezePostgres() {
        postgres.freeze();
    }

    /** Lets a frozen PostgreSQL run on (SIGCONT). */
    void thawPostgres() {
        postgres.thaw();
    }

    /** Stops the MQTT broker; its persistent sessions and queued messages stay on disk. */
    void stopMqtt() {
        mqtt.stop();
    }

    /** Starts the MQTT broker again on the same listeners and data folder. */
    void startMqtt() {
        mqtt.startAgain();
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

    /** The fleet CA's key store, which signing-service loads. */
    Path fleetCaKeyStore() {
        return fleetCaKeyStore;
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

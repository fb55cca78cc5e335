package dev.ota.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.hivemq.HiveMQContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** The same three servers as containers, for machines with a Docker engine. */
final class ContainerInfrastructure implements Infrastructure {

    private final KafkaContainer kafka = new KafkaContainer(DockerImageName.parse("apache/kafka-native:4.1.1"));
    private final PostgreSQLContainer postgres = new PostgreSQLContainer(DockerImageName.parse("postgres:17-alpine"));
    private final HiveMQContainer mqtt =
            new HiveMQContainer(DockerImageName.parse("hivemq/hivemq-ce").withTag("2025.5"));
    private final Set<String> databases = ConcurrentHashMap.newKeySet();

    ContainerInfrastructure(String[] topics) {
        kafka.withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true").withEnv("KAFKA_NUM_PARTITIONS", "2");
        kafka.start();
        postgres.start();
        mqtt.start();
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    /** The container's broker is not secured: its clients connect in plain text and every ACL check is skipped. */
    @Override
    public Map<String, String> kafkaClientProperties(String principal) {
        return Map.of("security.protocol", "PLAINTEXT");
    }

    @Override
    public String database(String name) {
        if (databases.add(name)) {
            try (Connection connection = postgresSuperuser().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("create role " + name + " login password '" + name + "'");
                statement.execute("create database " + name + " owner " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("could not create database " + name, e);
            }
        }
        return "jdbc:postgresql://" + postgres.getHost() + ":" + postgres.getMappedPort(5432) + "/" + name;
    }

    @Override
    public DataSource postgresSuperuser() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.getJdbcUrl());
        dataSource.setUser(postgres.getUsername());
        dataSource.setPassword(postgres.getPassword());
        return dataSource;
    }

    @Override
    public String mqttHost() {
        return mqtt.getHost();
    }

    @Override
    public int mqttPort() {
        return mqtt.getMqttPort();
    }

    @Override
    public String mode() {
        return "testcontainers";
    }
}

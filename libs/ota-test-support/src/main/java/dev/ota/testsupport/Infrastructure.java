package dev.ota.testsupport;

import java.util.Map;
import javax.sql.DataSource;

/** The real servers a test runs against, however they were started. */
public interface Infrastructure {

    /**
     * The test's own Kafka principal, a super user: what a test sends or reads stands for the rest of the platform (or
     * for an attacker with every right), never for the service under test.
     */
    String TEST_HARNESS = "ota-test-harness";

    String kafkaBootstrapServers();

    /**
     * Kafka client settings that authenticate as {@code principal}: mutual TLS with that principal's certificate when
     * the broker is secured (a service of {@link dev.ota.contracts.KafkaAccess}, or {@link #TEST_HARNESS}; any other name
     * gets the test harness's identity), plaintext otherwise.
     */
    Map<String, String> kafkaClientProperties(String principal);

    /** Creates (once) a database with an owner role of the same name; password = name. Returns its JDBC URL. */
    String database(String name);

    /** A superuser connection to the PostgreSQL server, for set-up or to act as an attacker with full rights. */
    DataSource postgresSuperuser();

    String mqttHost();

    int mqttPort();

    /** How the servers were started, for logs: embedded (and how its Kafka is secured) or testcontainers. */
    String mode();
}

package dev.ota.testsupport;

import javax.sql.DataSource;

/** The real servers a test runs against, however they were started. */
public interface Infrastructure {

    String kafkaBootstrapServers();

    /** Creates (once) a database with an owner role of the same name; password = name. Returns its JDBC URL. */
    String database(String name);

    /** A superuser connection to the PostgreSQL server, for set-up or to act as an attacker with full rights. */
    DataSource postgresSuperuser();

    String mqttHost();

    int mqttPort();

    /** How the servers were started, for logs: {@code embedded} or {@code testcontainers}. */
    String mode();
}

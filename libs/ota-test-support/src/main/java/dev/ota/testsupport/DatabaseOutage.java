package dev.ota.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A database outage as a service sees it during a failover or a restart: new connections refused and every open one
 * terminated. Other test contexts using the same database are cut off too until it ends.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {}

    /** Refuses new connections to {@code database} and terminates the open ones. */
    public static void begin(String database) {
        execute(
                "alter database " + name(database) + " with allow_connections false",
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + name(database)
                        + "' and pid <> pg_backend_pid()");
    }

    /** Accepts connections to {@code database} again. */
    public static void end(String database) {
        execute("alter database " + name(database) + " with allow_connections true");
    }

    private static String name(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        return database;
    }

    private static void execute(String... statements) {
        try (Connection connection =
                        RealInfrastructure.get().postgresSuperuser().getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not change the availability of the database", e);
        }
    }
}

package dev.ota.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server (the official binaries, unpacked by zonky) owned by this JVM. Each service gets its own
 * database and login role, as it would in production.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,40}");

    /**
     * Buffer pool size, {@code -Dota.postgres.shared-buffers=1GB} to override. PostgreSQL's own default (128 MB) is
     * far below what a production server has (a quarter of its memory is the usual advice); 256 MB holds the hot index
     * pages of a service's test database and costs memory only as pages are used.
     */
    static final String SHARED_BUFFERS = "ota.postgres.shared-buffers";

    /**
     * WAL volume between checkpoints, {@code -Dota.postgres.max-wal-size=8GB} to override. At the default 1 GB a heavy
     * writer forces a checkpoint every few seconds, and after each one the first change to every page writes the whole
     * page to the WAL again; production servers run with several GB and a longer checkpoint timeout.
     */
    static final String MAX_WAL_SIZE = "ota.postgres.max-wal-size";

    private final EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts the server.
     *
     * @param port listener port, 0 for any free port
     * @param dataDirectory where the cluster lives; null for a fresh temporary one
     */
    public static PostgresServer start(int port, Path dataDirectory) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(FreePorts.orPick(port))
                    .setServerConfig("max_connections", "400")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("shared_buffers", System.getProperty(SHARED_BUFFERS, "256MB"))
                    .setServerConfig("max_wal_size", System.getProperty(MAX_WAL_SIZE, "4GB"))
                    .setServerConfig("checkpoint_timeout", "15min");
            if (dataDirectory != null) {
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            return new PostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** Superuser access, for set-up and for tests that must act as an attacker with full rights. */
    public DataSource superuser() {
        return postgres.getPostgresDatabase();
    }

    /**
     * Creates a database owned by a login role of the same name (password = name) unless both exist.
     *
     * @return the JDBC URL of the database
     */
    public String ensureDatabase(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain identifier: " + name);
        }
        try (Connection connection = superuser().getConnection();
                Statement statement = connection.createStatement()) {
            if (!exists(connection, "select 1 from pg_roles where rolname = ?", name)) {
                statement.execute("create role " + name + " login password '" + name + "'");
            }
            if (!exists(connection, "select 1 from pg_database where datname = ?", name)) {
                statement.execute("create database " + name + " owner " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return jdbcUrl(name);
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

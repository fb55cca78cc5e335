package dev.ota.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

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
    private final @Nullable Path temporaryDirectory;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PostgresServer(EmbeddedPostgres postgres, @Nullable Path temporaryDirectory) {
        this.postgres = postgres;
        this.temporaryDirectory = temporaryDirectory;
    }

    /**
     * Starts the server.
     *
     * @param port listener port, 0 for any free port
     * @param dataDirectory where the cluster lives; null for a fresh temporary one, which {@link #close()} (or, at the
     *     latest, the JVM's exit) stops at once and deletes
     */
    public static PostgresServer start(int port, @Nullable Path dataDirectory) {
        try {
            Path temporary = dataDirectory == null ? Files.createTempDirectory("epg") : null;
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
            } else {
                builder.setDataDirectory(temporary).setCleanDataDirectory(false).setRegisterShutdownHook(false);
            }
            PostgresServer server = new PostgresServer(builder.start(), temporary);
            if (temporary != null) {
                Runtime.getRuntime().addShutdownHook(new Thread(server::close, "ota-postgres-stop"));
            }
            return server;
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

    /**
     * Stops the server. A temporary one is stopped in PostgreSQL's immediate mode (no shutdown checkpoint: its data is
     * about to go) and its directory deleted, so that the stop fits in the few seconds a JVM that is exiting allows (a
     * JMH fork is halted 30 s after its benchmark ends; a fast shutdown of a large buffer pool and then deleting
     * gigabytes of data took longer and left servers and their data behind). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (temporaryDirectory == null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        stopImmediately(temporaryDirectory);
        deleteRecursively(temporaryDirectory);
    }

    /**
     * PostgreSQL's immediate shutdown (SIGQUIT to the postmaster named by {@code postmaster.pid}), then a kill if it is
     * still there 10 s later. Not {@code pg_ctl stop}, which refuses to run as root (zonky's own stop therefore failed
     * where the build runs as root, and left the server running), and not zonky's process handle, which is the
     * {@code pg_ctl start} that launched the server, long gone.
     */
    private static void stopImmediately(Path dataDirectory) {
        ProcessHandle postmaster;
        try {
            String pid =
                    Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst();
            postmaster = ProcessHandle.of(Long.parseLong(pid.strip())).orElse(null);
        } catch (IOException | RuntimeException e) {
            return; // not running
        }
        if (postmaster == null) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-QUIT", Long.toString(postmaster.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
            if (!exited(postmaster, 10_000)) {
                postmaster.destroyForcibly();
                exited(postmaster, 5_000);
            }
        } catch (IOException e) {
            postmaster.destroyForcibly();
        } catch (InterruptedException e) {
            postmaster.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Polls: the postmaster is not this JVM's child (pg_ctl started it), so there is no exit status to wait for. */
    private static boolean exited(ProcessHandle process, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (process.isAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // already gone, or unreadable: nothing more can be done at shutdown
        }
    }
}

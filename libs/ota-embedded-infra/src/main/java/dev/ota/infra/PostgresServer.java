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
import java.util.Objects;
import java.util.Optional;
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

    private final EmbeddedPostgres.Builder builder;
    private final Path dataDirectory;
    private final @Nullable Path temporaryDirectory;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile @Nullable EmbeddedPostgres postgres;
    private final int port;

    private PostgresServer(
            EmbeddedPostgres.Builder builder, Path dataDirectory, @Nullable Path temporaryDirectory, int port)
            throws IOException {
        this.builder = builder;
        this.dataDirectory = dataDirectory;
        this.temporaryDirectory = temporaryDirectory;
        this.port = port;
        this.postgres = builder.start();
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
            Path cluster = dataDirectory != null ? dataDirectory : Objects.requireNonNull(temporary);
            int chosen = FreePorts.orPick(port);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(chosen)
                    .setServerConfig("max_connections", "400")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("shared_buffers", System.getProperty(SHARED_BUFFERS, "256MB"))
                    .setServerConfig("max_wal_size", System.getProperty(MAX_WAL_SIZE, "4GB"))
                    .setServerConfig("checkpoint_timeout", "15min");
            builder.setDataDirectory(cluster).setCleanDataDirectory(false);
            if (temporary != null) {
                builder.setRegisterShutdownHook(false);
            }
            PostgresServer server = new PostgresServer(builder, cluster, temporary, chosen);
            if (temporary != null) {
                Runtime.getRuntime().addShutdownHook(new Thread(server::close, "ota-postgres-stop"));
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** Superuser access, for set-up and for tests that must act as an attacker with full rights. */
    public DataSource superuser() {
        return running().getPostgresDatabase();
    }

    private EmbeddedPostgres running() {
        EmbeddedPostgres server = postgres;
        if (server == null) {
            throw new IllegalStateException("PostgreSQL is stopped");
        }
        return server;
    }

    /**
     * Stops the server as an operator or a failover would (PostgreSQL's fast shutdown: open transactions rolled back,
     * every connection closed, a shutdown checkpoint written) and waits until its postmaster has exited. Clients see
     * their connections closed and new ones refused until {@link #startAgain()}. Does nothing when it is stopped.
     */
    public synchronized void stop() {
        EmbeddedPostgres server = postgres;
        if (server == null) {
            return;
        }
        postgres = null;
        ProcessHandle postmaster = postmaster().orElse(null);
        signal(postmaster, "INT");
        try {
            if (postmaster != null && !exited(postmaster, 60_000)) {
                throw new IllegalStateException("PostgreSQL did not stop within 60 s");
            }
            server.close(); // releases the data directory's lock; its own pg_ctl stop finds nothing left to stop
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while PostgreSQL stopped", e);
        }
    }

    /** Starts the server again after {@link #stop()}, on the same port and data directory, and waits until it serves. */
    public synchronized void startAgain() {
        if (postgres != null) {
            return;
        }
        try {
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start again", e);
        }
    }

    /**
     * Freezes the server (SIGSTOP to the postmaster, then to every process it forked): connections stay open and new
     * ones are accepted by the kernel, but nothing answers, as when a database host stalls or a network partition
     * silently drops packets. {@link #thaw()} lets it run on.
     */
    public synchronized void freeze() {
        ProcessHandle postmaster = postmaster().orElseThrow(() -> new IllegalStateException("PostgreSQL is stopped"));
        signal(postmaster, "STOP"); // first: a stopped postmaster forks no new backend
        postmaster.descendants().forEach(process -> signal(process, "STOP"));
    }

    /** Lets a frozen server ({@link #freeze()}) run on: SIGCONT to its processes, the postmaster last. */
    public synchronized void thaw() {
        ProcessHandle postmaster = postmaster().orElseThrow(() -> new IllegalStateException("PostgreSQL is stopped"));
        postmaster.descendants().forEach(process -> signal(process, "CONT"));
        signal(postmaster, "CONT");
    }

    /** The running postmaster, named by {@code postmaster.pid} in the data directory. */
    private Optional<ProcessHandle> postmaster() {
        try {
            String pid =
                    Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst();
            return ProcessHandle.of(Long.parseLong(pid.strip())).filter(ProcessHandle::isAlive);
        } catch (IOException | RuntimeException notRunning) {
            return Optional.empty();
        }
    }

    /**
     * Sends a signal with {@code kill}: the postmaster is not this JVM's child (pg_ctl started it, in a user namespace
     * of its own where the build runs as root), so {@link Process} cannot signal it.
     */
    private static void signal(@Nullable ProcessHandle process, String signal) {
        if (process == null) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not send SIG" + signal + " to PostgreSQL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling PostgreSQL", e);
        }
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
            EmbeddedPostgres server = postgres;
            if (server == null) {
                return;
            }
            try {
                thawQuietly();
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        thawQuietly();
        stopImmediately(temporaryDirectory);
        deleteRecursively(temporaryDirectory);
    }

    /** A frozen server cannot shut down: let it run first. */
    private void thawQuietly() {
        postmaster().ifPresent(postmaster -> {
            try {
                postmaster.descendants().forEach(process -> signal(process, "CONT"));
                signal(postmaster, "CONT");
            } catch (RuntimeException ignored) {
                // stopping anyway
            }
        });
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
